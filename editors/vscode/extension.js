// Starts `warrant lsp` (the command is the setting `warrant.command`) for every .case file.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("warrant").get("command");
  client = new LanguageClient(
    "warrant",
    "Warrant",
    { command, args },
    { documentSelector: [{ scheme: "file", language: "warrant-case" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
