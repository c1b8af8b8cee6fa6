// The readable API reference at /api/docs, rendered from the same OpenAPI document the API serves.
import { Layout } from "../layout";

type Schema = { type?: string; $ref?: string; enum?: unknown[]; description?: string; format?: string; items?: Schema };
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
};
export type OpenApiDocument = { info: { title: string; version: string; description?: string }; paths: Record<string, Record<string, Operation>> };
export type ProblemType = { code: string; status: number; title: string };

/** Descriptions are CommonMark: their `code spans` become <code>, the rest stays escaped text. */
function Prose({ text }: { text: string }) {
  return <>{text.split("`").map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}

function describeSchema(schema: Schema | undefined): string {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop() ?? "";
  if (schema.enum) return schema.enum.map(String).join(" | ");
  if (schema.type === "array") return `${describeSchema(schema.items)}[]`;
  return schema.format ? `${schema.type} (${schema.format})` : (schema.type ?? "");
}

function OperationSection({ method, path, operation }: { method: string; path: string; operation: Operation }) {
  const anchor = `${method}-${path}`.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
  return (
    <section aria-labelledby={anchor}>
      <h3 id={anchor}>
        <span class="method">{method}</span> <code>{path}</code>
      </h3>
      <p>
        <Prose text={operation.summary ?? ""} />
      </p>
      {operation.description ? (
        <p>
          <Prose text={operation.description} />
        </p>
      ) : null}
      <p class="meta">{operation.security ? "Needs a bearer token." : "Public for published items."}</p>
      {operation.parameters && operation.parameters.length > 0 ? (
        <table>
          <caption class="meta">Parameters</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">In</th>
              <th scope="col">Type</th>
              <th scope="col">About</th>
            </tr>
          </thead>
          <tbody>
            {operation.parameters.map((p) => (
              <tr>
                <td>
                  <code>{p.name}</code>
                  {p.required ? " (required)" : ""}
                </td>
                <td>{p.in}</td>
                <td>{describeSchema(p.schema)}</td>
                <td>
                  <Prose text={p.description ?? p.schema?.description ?? ""} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {operation.requestBody ? (
        <p>
          Body: {Object.keys(operation.requestBody.content).map((type) => <code>{type} </code>)}
        </p>
      ) : null}
      <ul>
        {Object.entries(operation.responses).map(([status, response]) => (
          <li>
            <strong>{status}</strong> <Prose text={response.description} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ApiDocsPage({ siteName, document, problems }: { siteName: string; document: OpenApiDocument; problems: ProblemType[] }) {
  const byTag = new Map<string, { method: string; path: string; operation: Operation }[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const tag = operation.tags?.[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, operation }]);
    }
  }
  return (
    <Layout title="API reference" siteName={siteName}>
      <h1>API reference</h1>
      <p>{document.info.description}</p>
      <p>
        The machine-readable description is <a href="/api/openapi.json">OpenAPI 3.1 JSON</a>. Send a token as <code>Authorization: Bearer &lt;token&gt;</code>.
        Lists are paged: pass the <code>next_cursor</code> of one page as <code>cursor</code> for the next.
      </p>
      {[...byTag.entries()].map(([tag, operations]) => (
        <section aria-labelledby={`tag-${tag.replace(/\W+/g, "-").toLowerCase()}`}>
          <h2 id={`tag-${tag.replace(/\W+/g, "-").toLowerCase()}`}>{tag}</h2>
          {operations.map((o) => (
            <OperationSection {...o} />
          ))}
        </section>
      ))}
      <section aria-labelledby="problems">
        <h2 id="problems">Errors</h2>
        <p>
          Every error is an RFC 9457 <code>application/problem+json</code> object with <code>type</code>, <code>title</code>, <code>status</code> and a{" "}
          <code>detail</code> that says what to change. Invalid input also lists each problem in <code>errors</code>.
        </p>
        <dl>
          {problems.map((p) => (
            <>
              <dt id={`problem-${p.code}`}>
                <code>{p.status}</code> {p.title}
              </dt>
              <dd>
                <code>type: /api/docs#problem-{p.code}</code>
              </dd>
            </>
          ))}
        </dl>
      </section>
    </Layout>
  );
}
