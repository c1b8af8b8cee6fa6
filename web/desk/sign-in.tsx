// The sign-in page, and the page an invitation link opens: both one button that runs the passkey step.
import type { Role } from "../../schema/vocabularies";
import { Layout } from "../layout";

function PasskeyForm({ mode, action, label, next }: { mode: "register" | "sign-in"; action: string; label: string; next?: string }) {
  return (
    <>
      <form method="post" action={action} data-passkey={mode} class="passkey-form">
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <button type="submit" class="button-primary">
          {label}
        </button>
      </form>
      <p id="passkey-status" class="passkey-status" role="status" aria-live="polite"></p>
      <noscript>
        <p class="notice">Passkeys need JavaScript: turn it on for this step. Everything else on the desk works without it.</p>
      </noscript>
      <script src="/static/passkey.js" defer></script>
    </>
  );
}

export function SignInPage({ siteName, next, signedInAs }: { siteName: string; next: string; signedInAs?: string }) {
  return (
    <Layout title="Sign in" siteName={siteName}>
      <h1>Sign in to the desk</h1>
      {signedInAs ? (
        <p class="notice">
          You are signed in as {signedInAs}. <a href="/account">Go to your work</a>.
        </p>
      ) : null}
      <p>Researchers deposit papers, authors write briefings and summaries, and editors review them here.</p>
      <p>You sign in with the passkey you made when you accepted your invitation: your device asks for your fingerprint, face or PIN. There is no password.</p>
      <PasskeyForm mode="sign-in" action="/sign-in" label="Sign in with a passkey" next={next} />
      <h2>No passkey yet?</h2>
      <p>An admin of the repository invites you by email. Open the link in the invitation to make your passkey.</p>
    </Layout>
  );
}

export function InvitationPage({ siteName, name, role, expiresAt, action }: { siteName: string; name: string; role: Role; expiresAt: string; action: string }) {
  return (
    <Layout title="Accept your invitation" siteName={siteName}>
      <h1>Welcome, {name}</h1>
      <p>
        You have been invited to the repository's desk as {role === "admin" || role === "editor" ? "an" : "a"} <strong>{role}</strong>. To accept, make a
        passkey for this site: your device keeps it, and you sign in with your fingerprint, face or PIN. No password is stored.
      </p>
      <p class="meta">This link works once, until {expiresAt.slice(0, 10)}.</p>
      <PasskeyForm mode="register" action={action} label="Create a passkey and accept" />
    </Layout>
  );
}
