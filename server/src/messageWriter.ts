/**
 * The language server's writer for a stream transport (--stdio): each message goes out as one
 * write of header and body. vscode-jsonrpc's stream writer writes the header, waits for that
 * write's callback and then writes the body, so every message woke the client twice; on a busy
 * machine each wake-up can cost the server its time slice (bench/ measured up to a millisecond
 * per diagnostics message in the header write alone). VS Code itself talks over IPC (one
 * process.send per message) and is not affected.
 */
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

export class OneWriteMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    // The body as vscode-jsonrpc's default encoder makes it (JSON, UTF-8); the header counts its bytes.
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    const header = Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii');
    // Writes to one stream keep their order, so no lock is needed between messages.
    return new Promise((resolve, reject) => {
      this.stream.write(Buffer.concat([header, body]), (error?: Error | null) => {
        if (!error) return resolve();
        this.fireError(error, msg, ++this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.stream.end();
  }
}
