// The admin's pages: people and their roles, inviting someone (the link shown once), and every API token.
import { type Role, ROLES } from "../../schema/vocabularies";
import { type TokenView, TokenTable } from "./account";
import { CsrfField, DeskLayout, type DeskViewer, ErrorSummary, TextField } from "./desk-layout";

export type PersonView = {
  id: number;
  name: string;
  email: string;
  role: Role;
  orcid: string | null;
  disabled_at: string | null;
  passkeys: number;
  last_sign_in: string | null;
  tokens: number;
  invitation_expires_at: string | null;
};

function personState(p: PersonView): string {
  if (p.disabled_at) return `Access ended ${p.disabled_at.slice(0, 10)}`;
  if (p.passkeys === 0) return p.invitation_expires_at ? `Invited, link open until ${p.invitation_expires_at.slice(0, 10)}` : "Invitation expired: invite again";
  return p.last_sign_in ? `Last signed in ${p.last_sign_in.slice(0, 10)}` : "Registered";
}

export function PeoplePage(props: {
  siteName: string;
  viewer: DeskViewer;
  people: PersonView[];
  invited?: { name: string; link: string };
  problems?: Record<string, string>;
  values?: { name: string; email: string; role: string; orcid: string };
  tokens: TokenView[];
  now: string;
}) {
  const { viewer } = props;
  const problems = props.problems ?? {};
  return (
    <DeskLayout title="People" siteName={props.siteName} viewer={viewer} section="/admin/people">
      <h1>People</h1>
      {props.invited ? (
        <div class="notice" role="status">
          <h2 class="notice-title">Invitation for {props.invited.name}</h2>
          <p>Send them this link. It works once, for 7 days, and is shown only now.</p>
          <p>
            <label for="invitation-link">Invitation link</label>
            <input id="invitation-link" class="token-value" readonly value={props.invited.link} />
          </p>
        </div>
      ) : null}
      <div class="table-scroll wide">
        <table class="desk-table">
          <caption class="visually-hidden">Everyone with an account</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">State</th>
              <th scope="col">Tokens</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span class="visually-hidden">End access</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.people.map((p) => (
              <tr>
                <td>
                  {p.name}
                  {p.orcid ? <p class="meta">ORCID {p.orcid}</p> : null}
                </td>
                <td>{p.email}</td>
                <td>{personState(p)}</td>
                <td>{p.tokens}</td>
                <td>
                  {p.disabled_at ? (
                    p.role
                  ) : (
                    <form method="post" action={`/admin/people/${p.id}/role`} class="inline-form">
                      <CsrfField viewer={viewer} />
                      <label for={`role-${p.id}`} class="visually-hidden">
                        Role of {p.name}
                      </label>
                      <select id={`role-${p.id}`} name="role">
                        {ROLES.map((r) => (
                          <option value={r} selected={r === p.role}>
                            {r}
                          </option>
                        ))}
                      </select>
                      <button type="submit">
                        Change<span class="visually-hidden"> the role of {p.name}</span>
                      </button>
                    </form>
                  )}
                </td>
                <td>
                  {p.disabled_at ? null : (
                    <form method="post" action={`/admin/people/${p.id}/disable`}>
                      <CsrfField viewer={viewer} />
                      <button type="submit" class="button-warning">
                        End access<span class="visually-hidden"> for {p.name}</span>
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="invite">Invite someone</h2>
      <ErrorSummary problems={problems} />
      <form method="post" action="/admin/people" class="desk-form" novalidate>
        <CsrfField viewer={viewer} />
        <TextField name="name" label="Name" value={props.values?.name} error={problems.name} required autocomplete="off" />
        <TextField name="email" label="Email" type="email" hint="Kept for the desk only, never shown publicly." value={props.values?.email} error={problems.email} required autocomplete="off" />
        <div class={problems.role ? "field has-error" : "field"}>
          <label for="role">Role</label>
          <p class="meta" id="role-hint">
            A depositor deposits and writes; an editor also reviews and publishes; an admin also manages people.
          </p>
          <select id="role" name="role" aria-describedby="role-hint">
            {ROLES.map((r) => (
              <option value={r} selected={(props.values?.role ?? "depositor") === r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <TextField name="orcid" label="ORCID iD (optional)" hint="For example 0000-0002-1825-0097." value={props.values?.orcid} error={problems.orcid} autocomplete="off" />
        <button type="submit" class="button-primary">
          Invite
        </button>
      </form>
      <h2>Every API token</h2>
      <TokenTable viewer={viewer} tokens={props.tokens} now={props.now} action="/admin/tokens" showOwner />
    </DeskLayout>
  );
}
