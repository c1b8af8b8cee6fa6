// Calling the running Worker's API from scripts (demo data, benchmarks, the outside-clients check), with a clear error.

/**
 * The parsed JSON answer; for anything but 2xx, an error that quotes the request and the problem's `detail`. A request
 * that meets wrangler dev reloading the Worker (just after it starts) is sent again.
 */
export async function callApi(baseUrl, token, method, path, { body, contentType = "application/json" } = {}) {
  for (let attempt = 1; ; attempt++) {
    let response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": contentType, accept: "application/json" },
        body: contentType === "application/json" ? JSON.stringify(body) : body,
      });
    } catch (error) {
      // undici says only "fetch failed"; the reason (ECONNREFUSED, a reset) is in its cause.
      throw new Error(`${method} ${path} got no answer from ${baseUrl}: ${error.cause?.message ?? error.message}`);
    }
    const text = await response.text();
    if (text.startsWith("Your worker restarted mid-request") && attempt < 3) continue;
    if (!response.ok) {
      let detail = text;
      try {
        detail = JSON.parse(text).detail ?? text;
      } catch {
        // Not problem+json: quote the body as it came.
      }
      throw new Error(`${method} ${path} answered ${response.status}: ${detail}`);
    }
    return JSON.parse(text);
  }
}
