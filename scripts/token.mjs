// `npm run token`: create, revoke and list API tokens in the local D1, and invite the first admin to the desk, also while
// `npm start` is serving it.
import { parseArgs } from "node:util";
import { createApiToken, findTokenProblem, listApiTokens, prepareApiToken, revokeApiToken, ROLES } from "./api-tokens.mjs";
import { createInvitation } from "./invitations.mjs";
import { applyLocalMigrations, quoteSqlText } from "./local-d1.mjs";

const USAGE = `Usage:
  npm run token -- --invite --role admin --name "Your name" --email you@example.org
      invite a person to the desk (the first admin, on a fresh repository): prints a link, valid 7 days, where they
      make a passkey; from then on they invite everyone else in the browser, at /admin/people
  npm run token -- --role <${ROLES.join("|")}> --name "Your name"
      create a token; it is printed once, alone on the last line
  npm run token -- --role <role> --name "Your name" --sql
      store nothing: print the wrangler command that stores the token in the production database
  npm run token -- --revoke <prefix>
      revoke a token: requests with it get 401 from then on
  npm run token -- --list
      list the tokens: prefix, name, role, created, revoked`;

function exitWithUsage(problem) {
  console.error(`${problem}\n\n${USAGE}`);
  process.exit(1);
}

/** Exactly one of three requests, or a usage error that says what was wrong. */
function readRequest(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        role: { type: "string" },
        name: { type: "string" },
        revoke: { type: "string" },
        list: { type: "boolean" },
        invite: { type: "boolean" },
        email: { type: "string" },
        sql: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    exitWithUsage(error.message);
  }
  const { role, name, revoke, list, sql, help, invite, email } = parsed.values;
  if (help) {
    console.log(USAGE);
    process.exit(0);
  }
  const creating = role !== undefined || name !== undefined;
  if ([creating, revoke !== undefined, list === true].filter(Boolean).length !== 1) {
    exitWithUsage("Give either --role with --name, or --revoke, or --list.");
  }
  if (sql && !creating) exitWithUsage("--sql goes with --role and --name.");
  if (list) return { action: "list" };
  if (invite || email !== undefined) {
    if (!invite || email === undefined) exitWithUsage("An invitation needs --invite with --role, --name and --email.");
    if (sql) exitWithUsage("--sql makes API tokens only; invite people on the desk of the deployed site.");
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email.trim())) exitWithUsage(`'${email}' is not an email address.`);
  }
  if (revoke !== undefined) {
    const prefix = revoke.trim().toLowerCase();
    if (prefix === "") exitWithUsage("--revoke needs the token's prefix (the 8 characters after 'mhr_').");
    return { action: "revoke", prefix };
  }
  if (role === undefined || name === undefined) exitWithUsage("A new token needs both --role and --name.");
  const problem = findTokenProblem({ name: name.trim(), role });
  if (problem) exitWithUsage(problem);
  if (invite) return { action: "invite", name: name.trim(), role, email: email.trim().toLowerCase() };
  return { action: sql ? "print-sql" : "create", name: name.trim(), role };
}

function describeToken(role, name, prefix) {
  return `${role === "depositor" ? "a" : "an"} ${role} token for "${name}" (prefix ${prefix})`;
}

/** POSIX shell single quotes, so that the printed command can be pasted whatever the name holds. */
function quoteForShell(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function printRemoteTokenCommand({ name, role }) {
  const { prefix, token, insert } = prepareApiToken({ name, role });
  const revoke = `UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE prefix = ${quoteSqlText(prefix)}`;
  console.log(`This is ${describeToken(role, name, prefix)}, not stored anywhere yet. To store it in the production database, run:`);
  console.log(`  npx wrangler d1 execute DB --remote --command ${quoteForShell(insert)}`);
  console.log("To revoke it later:");
  console.log(`  npx wrangler d1 execute DB --remote --command ${quoteForShell(revoke)}`);
  console.log(token);
}

async function createToken({ name, role }) {
  const { prefix, token } = await createApiToken({ name, role });
  console.log(`Created ${describeToken(role, name, prefix)} in the local database.`);
  console.log("It is shown only this once: copy it now. Send it as the header 'Authorization: Bearer <token>'.");
  console.log(`Revoke it with: npm run token -- --revoke ${prefix}`);
  console.log(token);
}

async function inviteToDesk({ name, role, email }) {
  const { secret, expires } = await createInvitation({ name, role, email });
  const port = process.env.PORT || "8787";
  console.log(`Invited ${name} <${email}> as ${role === "admin" || role === "editor" ? "an" : "a"} ${role}. With the repository running (npm start),`);
  console.log(`open this link in a browser before ${expires.slice(0, 10)} to make a passkey. It works once; passkeys need the`);
  console.log("name localhost, not 127.0.0.1, so use the link as printed:");
  console.log(`http://localhost:${port}/invitations/${secret}`);
}

async function revokeToken(prefix) {
  const token = await revokeApiToken(prefix);
  if (!token) {
    console.error(`There is no token with prefix '${prefix}' in the local database ('npm run token -- --list' shows them).`);
    process.exit(1);
  }
  const what = `token ${token.prefix} ("${token.name}", ${token.role})`;
  if (token.alreadyRevoked) console.log(`The ${what} was already revoked, at ${token.revoked_at}.`);
  else console.log(`Revoked the ${what} at ${token.revoked_at}: requests with it now get 401.`);
}

function printTokenTable(tokens) {
  if (tokens.length === 0) {
    console.log("There are no API tokens in the local database yet.");
    return;
  }
  const rows = [
    ["prefix", "name", "role", "created", "revoked"],
    ...tokens.map((t) => [t.prefix, t.name, t.role, t.created_at, t.revoked_at ?? "-"]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd());
}

/** Everything but --sql works on the local D1, which a fresh clone has no tables in until the first migration. */
async function runOnLocalDatabase(request) {
  await applyLocalMigrations();
  if (request.action === "create") await createToken(request);
  else if (request.action === "invite") await inviteToDesk(request);
  else if (request.action === "revoke") await revokeToken(request.prefix);
  else printTokenTable(await listApiTokens());
}

const request = readRequest(process.argv.slice(2));
if (request.action === "print-sql") {
  printRemoteTokenCommand(request);
} else {
  try {
    await runOnLocalDatabase(request);
  } catch (error) {
    console.error(`npm run token failed: ${error.message}`);
    process.exit(1);
  }
}
