// The passkey step, served at /static/passkey.js: the one part of the desk that needs JavaScript. It asks the server for
// options, lets the browser make or use a passkey (WebAuthn's own JSON methods), and sends the answer back. The server
// checks everything with @simplewebauthn/server; this script only carries the messages.
export const PASSKEY_JS = `(function () {
  "use strict";
  var form = document.querySelector("form[data-passkey]");
  if (!form) return;
  var status = document.getElementById("passkey-status");
  var button = form.querySelector("button");
  var mode = form.getAttribute("data-passkey");
  function say(text) { status.textContent = text; }
  var P = window.PublicKeyCredential;
  if (!P || !P.parseCreationOptionsFromJSON || !P.parseRequestOptionsFromJSON) {
    say("This browser cannot use passkeys here. Use a current version of Chrome, Edge, Firefox or Safari.");
    button.disabled = true;
    return;
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.detail || "Something went wrong (" + response.status + "). Try again.");
        return data;
      });
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    say(mode === "register" ? "Follow your browser's steps to create a passkey." : "Follow your browser's steps to use your passkey.");
    post(form.action + "/options").then(function (options) {
      return mode === "register"
        ? navigator.credentials.create({ publicKey: P.parseCreationOptionsFromJSON(options) })
        : navigator.credentials.get({ publicKey: P.parseRequestOptionsFromJSON(options) });
    }).then(function (credential) {
      var next = form.querySelector("input[name=next]");
      return post(form.action, { credential: credential.toJSON(), next: next ? next.value : "" });
    }).then(function (done) {
      say("Done. Opening your desk.");
      window.location.assign(done.location);
    }).catch(function (error) {
      button.disabled = false;
      say(error && error.name === "NotAllowedError" ? "The passkey step was cancelled or timed out. Try again." : error.message);
    });
  });
})();
`;
