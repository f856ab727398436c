/**
 * The `sla-bot` command. Subcommands: `start` (the bot; same as `npm start`) and `demo`.
 */
const [cmd, ...rest] = process.argv.slice(2);

const HELP = `usage: sla-bot <command>

commands:
  start   run the bot (configuration from the environment, see .env.example)
  demo    play a short client/assistant conversation against the bundled Slack simulator
  audit   replay a Slack export through the rulebook: sla-bot audit <export-dir|export.zip> [--rules DIR]
          [--team T…] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format table|json|md|html] [--out FILE]
          (--to defaults to the export's last message)
`;

switch (cmd) {
  case 'start':
    require('../main');
    break;
  case 'demo':
    require('./demo');
    break;
  case 'audit':
    void (require('./audit') as typeof import('./audit')).auditMain(rest).then((code) => {
      process.exitCode = code;
    });
    break;
  case undefined:
  case 'help':
  case '--help':
  case '-h':
    process.stdout.write(HELP);
    break;
  default:
    process.stderr.write(`sla-bot: unknown command "${cmd}"\n\n${HELP}`);
    process.exitCode = 2;
}
