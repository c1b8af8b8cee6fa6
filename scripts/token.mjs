// `npm run token`: create, revoke and list API tokens in the local D1, also while `npm start` is serving it.
import { parseArgs } from "node:util";
import { createApiToken, findTokenProblem, listApiTokens, revokeApiToken, ROLES } from "./api-tokens.mjs";
import { applyLocalMigrations } from "./local-d1.mjs";

const USAGE = `Usage:
  npm run token -- --role <${ROLES.join("|")}> --name "Your name"
      create a token; it is printed once, alone on the last line
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
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    exitWithUsage(error.message);
  }
  const { role, name, revoke, list, help } = parsed.values;
  if (help) {
    console.log(USAGE);
    process.exit(0);
  }
  const creating = role !== undefined || name !== undefined;
  if ([creating, revoke !== undefined, list === true].filter(Boolean).length !== 1) {
    exitWithUsage("Give either --role with --name, or --revoke, or --list.");
  }
  if (list) return { action: "list" };
  if (revoke !== undefined) {
    const prefix = revoke.trim().toLowerCase();
    if (prefix === "") exitWithUsage("--revoke needs the token's prefix (the 8 characters after 'mhr_').");
    return { action: "revoke", prefix };
  }
  if (role === undefined || name === undefined) exitWithUsage("A new token needs both --role and --name.");
  const problem = findTokenProblem({ name: name.trim(), role });
  if (problem) exitWithUsage(problem);
  return { action: "create", name: name.trim(), role };
}

async function createToken({ name, role }) {
  const { prefix, token } = await createApiToken({ name, role });
  const article = role === "depositor" ? "a" : "an";
  console.log(`Created ${article} ${role} token for "${name}" (prefix ${prefix}) in the local database.`);
  console.log("It is shown only this once: copy it now. Send it as the header 'Authorization: Bearer <token>'.");
  console.log(`Revoke it with: npm run token -- --revoke ${prefix}`);
  console.log(token);
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

const request = readRequest(process.argv.slice(2));
try {
  // A fresh clone has no tables until the first migration, and `npm start` may never have run.
  await applyLocalMigrations();
  if (request.action === "create") await createToken(request);
  else if (request.action === "revoke") await revokeToken(request.prefix);
  else printTokenTable(await listApiTokens());
} catch (error) {
  console.error(`npm run token failed: ${error.message}`);
  process.exit(1);
}
