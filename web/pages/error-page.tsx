// The page for an error outside the API: what happened, in words, and a way on (a search for a missing page).
import { Layout, SearchForm } from "../layout";

export function ErrorPage({ siteName, status, title, detail }: { siteName: string; status: number; title: string; detail: string }) {
  return (
    <Layout title={title} siteName={siteName}>
      <h1>{title}</h1>
      <p>{detail}</p>
      {status === 404 ? (
        <>
          <p>If you typed the address, check it is correct. If you followed a link, the item may have moved: search for it instead.</p>
          <SearchForm id="missing-search" label="Search for a missing page" big />
        </>
      ) : null}
      <p class="meta">Error {status}</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </Layout>
  );
}
