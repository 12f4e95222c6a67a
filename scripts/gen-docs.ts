/** `npm run docs`: writes docs/rules.md from the rule metadata and the extension page's tables from package.json. */
import * as fs from 'fs';
import * as path from 'path';
import { extensionReadmeWithTables, ROOT, rulesMarkdown } from './docs';

fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'docs/rules.md'), rulesMarkdown());
const extensionReadme = path.join(ROOT, 'docs/extension-readme.md');
fs.writeFileSync(extensionReadme, extensionReadmeWithTables(fs.readFileSync(extensionReadme, 'utf8')));
console.log('wrote docs/rules.md and the tables of docs/extension-readme.md');
