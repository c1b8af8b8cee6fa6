// The page for an error outside the API: what happened, in words, and a way back.
import { Layout } from "../layout";

export function ErrorPage({ siteName, status, title, detail }: { siteName: string; status: number; title: string; detail: string }) {
  return (
    <Layout title={title} siteName={siteName}>
      <h1>{title}</h1>
      <p>{detail}</p>
      <p class="meta">Error {status}</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </Layout>
  );
}
