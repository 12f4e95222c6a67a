/**
 * "Open a sample systemd Dockerfile" (walkthrough step 1): an untitled Dockerfile with the
 * usual mistakes, so a new user sees diagnostics and quick fixes at once.
 */
import * as vscode from 'vscode';

export const OPEN_SAMPLE_COMMAND = 'systemdContainerTools.openSampleDockerfile';

const SAMPLE = `# A systemd image with the usual mistakes: hover the squiggles, then press Ctrl+. (Cmd+.)
FROM debian:bookworm
RUN apt-get update && apt-get install -y systemd
RUN systemctl start ssh
CMD ["/sbin/init"]
`;

export async function openSampleDockerfile(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: SAMPLE });
  await vscode.window.showTextDocument(doc);
}
