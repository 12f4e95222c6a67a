/** `npm run docs`: writes docs/rules.md and the README's rule table from the rule metadata. */
import * as fs from 'fs';
import * as path from 'path';
import { extensionReadmeWithTables, readmeWithTable, ROOT, rulesMarkdown } from './docs';

fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'docs/rules.md'), rulesMarkdown());
const readme = path.join(ROOT, 'README.md');
fs.writeFileSync(readme, readmeWithTable(fs.readFileSync(readme, 'utf8')));
const extensionReadme = path.join(ROOT, 'docs/extension-readme.md');
fs.writeFileSync(extensionReadme, extensionReadmeWithTables(fs.readFileSync(extensionReadme, 'utf8')));
console.log('wrote docs/rules.md, the rule table in README.md and the tables of docs/extension-readme.md');
