/**
 * Throwaway network endpoints for the connection tests: the test dockerd's unix socket exposed
 * on 127.0.0.1 (plain TCP or TLS with client certificates), a port that accepts but never
 * answers, and a web server that is not an engine. All on loopback, all closed by the tests.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';

export interface Listening {
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server, sockets: Set<net.Socket>): Promise<Listening> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

function piping(unixSocket: string, sockets: Set<net.Socket>) {
  return (client: net.Socket): void => {
    sockets.add(client);
    const upstream = net.connect(unixSocket);
    sockets.add(upstream);
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  };
}

/** 127.0.0.1:<port> → unix socket, byte for byte. */
export function tcpProxy(unixSocket: string): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  return listen(net.createServer(piping(unixSocket, sockets)), sockets);
}

export interface TlsMaterial {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
export function makeTlsMaterial(dir: string, name = 'ca'): TlsMaterial {
  fs.mkdirSync(dir, { recursive: true });
  const f = (n: string): string => path.join(dir, n);
  const ossl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  ossl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=sct test ${name}`,
    '-keyout',
    f('ca-key.pem'),
    '-out',
    f('ca.pem'),
  );
  fs.writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  fs.writeFileSync(f('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const who of ['server', 'client']) {
    ossl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      `/CN=sct test ${who}`,
      '-keyout',
      f(`${who}-key.pem`),
      '-out',
      f(`${who}.csr`),
    );
    ossl(
      'x509',
      '-req',
      '-in',
      f(`${who}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca-key.pem'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      f(`${who}.ext`),
      '-out',
      f(`${who}.pem`),
    );
  }
  return {
    dir,
    ca: f('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server-key.pem'),
    clientCert: f('client.pem'),
    clientKey: f('client-key.pem'),
  };
}

/** TLS on 127.0.0.1 requiring a client certificate from the CA (like dockerd --tlsverify). */
export function tlsProxy(unixSocket: string, m: TlsMaterial): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(
    {
      key: fs.readFileSync(m.serverKey),
      cert: fs.readFileSync(m.serverCert),
      ca: fs.readFileSync(m.ca),
      requestCert: true,
      rejectUnauthorized: true,
    },
    piping(unixSocket, sockets),
  );
  server.on('tlsClientError', () => undefined);
  return listen(server, sockets);
}

/** Accepts connections and never answers. */
export function silentServer(): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  return listen(
    net.createServer((s) => sockets.add(s)),
    sockets,
  );
}

/** A web server that is not an engine: 404 for everything. */
export function notAnEngine(): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<h1>Not Found</h1>');
  });
  server.on('connection', (s) => sockets.add(s));
  return listen(server, sockets);
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const l = await silentServer();
  await l.close();
  return l.port;
}
