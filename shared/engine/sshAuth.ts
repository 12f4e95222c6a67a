/**
 * SSH authentication for the ssh:// transport, in OpenSSH's default order: the agent, then each
 * readable unencrypted key. Passphrase-protected keys are skipped (and reported): there is no
 * prompt, so they need the agent.
 */
import type { Transport } from './endpoint';

type SshTransport = Extract<Transport, { kind: 'ssh' }>;

export type AuthMethod =
  { type: 'agent'; username: string; agent: string } | { type: 'publickey'; username: string; key: Buffer };

/** Agent first, then each readable unencrypted key, like ssh's default order. */
export function sshAuthMethods(
  t: SshTransport,
  read: (p: string) => Buffer,
  diag: { skippedIdentities: string[] },
): AuthMethod[] {
  const methods: AuthMethod[] = [];
  if (t.agentSocket) methods.push({ type: 'agent', username: t.username, agent: t.agentSocket });
  for (const file of t.identityFiles) {
    let key: Buffer;
    try {
      key = read(file);
    } catch {
      diag.skippedIdentities.push(`${file} (unreadable)`);
      continue;
    }
    // Passphrase-protected keys need the agent; ssh2 would throw on them.
    if (/ENCRYPTED/.test(key.toString('utf8', 0, 200)) || isEncryptedOpenSshKey(key)) {
      diag.skippedIdentities.push(`${file} (passphrase-protected: add it to ssh-agent)`);
      continue;
    }
    methods.push({ type: 'publickey', username: t.username, key });
  }
  return methods;
}

export function isEncryptedOpenSshKey(pem: Buffer): boolean {
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(pem.toString('utf8'));
  if (!m) return false;
  const raw = Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
  // "openssh-key-v1\0" then string ciphername; "none" means unencrypted.
  const magic = 'openssh-key-v1\0';
  if (raw.toString('latin1', 0, magic.length) !== magic) return false;
  const len = raw.readUInt32BE(magic.length);
  return raw.toString('latin1', magic.length + 4, magic.length + 4 + len) !== 'none';
}
