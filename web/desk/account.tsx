// A signed-in person's own pages: their work with its status, and their API tokens.
import { ITEM_KIND_NAMES, type Role, ROLES } from "../../schema/vocabularies";
import { CsrfField, DeskLayout, type DeskViewer, ErrorSummary, TextField } from "./desk-layout";

export type MyWorkItem = {
  kind: keyof typeof ITEM_KIND_NAMES;
  id: string;
  title: string | null;
  status: "draft" | "submitted" | "published" | "withdrawn";
  publish_at: string | null;
  updated_at: string;
  returned_note: string | null;
  returned_by: string | null;
};

/** Each status in words an author reads: where the item is, and what happens next. */
function describeStatus(item: MyWorkItem, now: string): string {
  if (item.returned_note !== null) return "Returned to you";
  if (item.status === "draft") return "Draft";
  if (item.status === "submitted") return "Waiting for review";
  if (item.status === "withdrawn") return "Withdrawn";
  return item.publish_at !== null && item.publish_at > now ? `Published from ${item.publish_at.slice(0, 10)} (embargo)` : "Published";
}

/** Where an author opens an item: its editing form while it is theirs to change, else its page. */
export function myItemHref(item: Pick<MyWorkItem, "kind" | "id" | "status">): string {
  const editable = item.status === "draft" || item.status === "submitted";
  return editable ? `/desk/${item.kind}/${item.id}` : `/${item.kind}/${item.id}`;
}

export function MyWorkPage({ siteName, viewer, items, now }: { siteName: string; viewer: DeskViewer; items: MyWorkItem[]; now: string }) {
  const returned = items.filter((i) => i.returned_note !== null);
  return (
    <DeskLayout title="My work" siteName={siteName} viewer={viewer} section="/account">
      <h1>My work</h1>
      {returned.length > 0 ? (
        <div class="notice">
          <h2 class="notice-title">Returned to you ({returned.length})</h2>
          <ul>
            {returned.map((item) => (
              <li>
                <a href={myItemHref(item)}>{item.title || "Untitled"}</a>: “{item.returned_note}”{item.returned_by ? ` (${item.returned_by})` : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {items.length === 0 ? (
        <>
          <p>You have not deposited or written anything yet.</p>
          <ul>
            <li>
              <a href="/deposit">Deposit papers from a BibTeX file</a>
            </li>
            <li>
              <a href="/write/briefings">Write a policy briefing</a>
            </li>
            <li>
              <a href="/write/lay-summaries">Write a plain-language summary</a>
            </li>
          </ul>
        </>
      ) : (
        <div class="table-scroll wide">
          <table class="desk-table">
            <caption class="visually-hidden">Your items, most recently changed first</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr>
                  <td>
                    <a href={myItemHref(item)}>{item.title || "Untitled"}</a>
                    {item.returned_note !== null ? <p class="meta">Editor's note: {item.returned_note}</p> : null}
                  </td>
                  <td>{ITEM_KIND_NAMES[item.kind].one}</td>
                  <td>
                    <span class={`status status-${item.returned_note !== null ? "returned" : item.status}`}>{describeStatus(item, now)}</span>
                  </td>
                  <td>{item.updated_at.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </DeskLayout>
  );
}

export type TokenView = { prefix: string; name: string; role: Role; created_at: string; expires_at: string | null; revoked_at: string | null; owner: string | null };

function tokenState(token: TokenView, now: string): string {
  if (token.revoked_at) return `Revoked ${token.revoked_at.slice(0, 10)}`;
  if (token.expires_at && token.expires_at <= now) return `Expired ${token.expires_at.slice(0, 10)}`;
  return token.expires_at ? `Live until ${token.expires_at.slice(0, 10)}` : "Live, no expiry";
}

/** A table of tokens with a revoke button on each live one; `action` is where a revoke posts (prefix appended). */
export function TokenTable({ viewer, tokens, now, action, showOwner = false }: { viewer: DeskViewer; tokens: TokenView[]; now: string; action: string; showOwner?: boolean }) {
  if (tokens.length === 0) return <p>There are no tokens yet.</p>;
  return (
    <div class="table-scroll wide">
      <table class="desk-table">
        <caption class="visually-hidden">API tokens, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {showOwner ? <th scope="col">Person</th> : null}
            <th scope="col">Prefix</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">
              <span class="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const live = !token.revoked_at && !(token.expires_at && token.expires_at <= now);
            return (
              <tr>
                <td>{token.name}</td>
                {showOwner ? <td>{token.owner ?? "(made on the server)"}</td> : null}
                <td>
                  <code>{token.prefix}</code>
                </td>
                <td>{token.role}</td>
                <td>{tokenState(token, now)}</td>
                <td>
                  {live ? (
                    <form method="post" action={`${action}/${token.prefix}/revoke`}>
                      <CsrfField viewer={viewer} />
                      <button type="submit" class="button-warning">
                        Revoke<span class="visually-hidden"> {token.name}</span>
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function TokensPage(props: {
  siteName: string;
  viewer: DeskViewer;
  tokens: TokenView[];
  now: string;
  lifetimes: readonly number[];
  created?: { token: string; name: string };
  problems?: Record<string, string>;
  values?: { name: string; role: string; days: string };
}) {
  const { viewer } = props;
  const problems = props.problems ?? {};
  const roles = ROLES.slice(0, ROLES.indexOf(viewer.role) + 1);
  return (
    <DeskLayout title="API tokens" siteName={props.siteName} viewer={viewer} section="/account/tokens">
      <h1>API tokens</h1>
      <p>A token lets a program (a script, a reference manager's export) use the repository's API as you. Send it as the header <code>Authorization: Bearer &lt;token&gt;</code>.</p>
      {props.created ? (
        <div class="notice" role="status">
          <h2 class="notice-title">Your new token “{props.created.name}”</h2>
          <p>Copy it now: it is shown only this once, and only its fingerprint is stored.</p>
          <p>
            <label for="new-token">Token</label>
            <input id="new-token" class="token-value" readonly value={props.created.token} />
          </p>
        </div>
      ) : null}
      <h2>Your tokens</h2>
      <TokenTable viewer={viewer} tokens={props.tokens} now={props.now} action="/account/tokens" />
      <h2>Make a token</h2>
      <ErrorSummary problems={problems} />
      <form method="post" action="/account/tokens" class="desk-form" novalidate>
        <CsrfField viewer={viewer} />
        <TextField name="name" label="Name" hint="What the token is for, e.g. “Zotero export script”." value={props.values?.name} error={problems.name} required />
        <div class="field">
          <label for="role">Role</label>
          <p class="meta" id="role-hint">
            No higher than yours ({viewer.role}).
          </p>
          <select id="role" name="role" aria-describedby="role-hint">
            {roles.map((r) => (
              <option value={r} selected={(props.values?.role ?? "depositor") === r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="days">Expires after</label>
          <select id="days" name="days">
            {props.lifetimes.map((d) => (
              <option value={String(d)} selected={(props.values?.days ?? "90") === String(d)}>
                {d} days
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button-primary">
          Make the token
        </button>
      </form>
    </DeskLayout>
  );
}
