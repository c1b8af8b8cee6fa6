// The writing forms' live help, served at /static/write.js: papers found as the author types (/api/search), the body's
// preview (POST /write/preview) and the plain-language check (POST /write/plain-language) as they write. Without it every
// one of these is a button that sends the form back (worker/desk/write-routes.tsx); the check and its report stay on
// the server, so the live figures and the ones an editor sees are always the same.
export const WRITE_JS = `(function () {
  "use strict";
  var form = document.querySelector("form[data-write]");
  if (!form || !window.fetch) return;
  var csrfField = form.querySelector("input[name=csrf]");
  var csrf = csrfField ? csrfField.value : "";

  function debounce(fn, wait) {
    var timer = 0;
    return function () { clearTimeout(timer); timer = setTimeout(fn, wait); };
  }
  function postJson(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The body's preview, as readers will see it (the server's own Markdown renderer, which escapes raw HTML).
  var source = form.querySelector("textarea[data-preview-source]");
  var previewBody = document.querySelector("[data-preview-body]");
  if (source && previewBody) {
    var asked = null;
    var preview = debounce(function () {
      var text = source.value;
      if (text === asked) return;
      asked = text;
      postJson("/write/preview", { body: text }).then(function (data) {
        if (asked === text) previewBody.innerHTML = data.html;
      }).catch(function () {});
    }, 400);
    source.addEventListener("input", preview);
  }

  // The plain-language check as the author writes, in the language chosen: the report is replaced quietly, and only its
  // one-line summary is said, in the panel's polite status line, and only when it changes; focus stays where it is.
  var checked = form.querySelectorAll("textarea[data-check-source]");
  var report = document.querySelector("[data-plain-language-body]");
  var checkStatus = document.querySelector("[data-plain-language-status]");
  if (checked.length && report && checkStatus) {
    var language = form.querySelector("[name=language]");
    var lastChecked = null;
    var check = debounce(function () {
      var sent = {};
      Array.prototype.forEach.call(checked, function (field) { sent[field.name] = field.value; });
      if (language) sent.language = language.value;
      var key = JSON.stringify(sent);
      if (key === lastChecked) return;
      lastChecked = key;
      postJson("/write/plain-language", sent).then(function (data) {
        if (lastChecked !== key) return;
        report.innerHTML = data.html;
        if (checkStatus.textContent !== data.summary) checkStatus.textContent = data.summary;
      }).catch(function () {});
    }, 600);
    Array.prototype.forEach.call(checked, function (field) { field.addEventListener("input", check); });
    if (language) language.addEventListener("change", check);
  }

  // Papers found as the author types; a ticked one joins the picked list, so a new search does not lose it.
  Array.prototype.forEach.call(form.querySelectorAll("input[data-paper-search]"), function (input) {
    var name = input.getAttribute("data-paper-search");
    var type = input.getAttribute("data-paper-type");
    var results = document.getElementById(name + "-results");
    var fieldset = input.closest("fieldset");
    if (!results || !fieldset) return;
    var controller = null, current = "";
    function pickedList() {
      var list = fieldset.querySelector("ul[data-picked]");
      if (list) return list;
      var title = el("p", "write-list-title", type === "checkbox" ? "Picked" : "Picked paper");
      list = el("ul", "write-choices");
      list.setAttribute("data-picked", "");
      var label = fieldset.querySelector("label[for='" + input.id + "']");
      fieldset.insertBefore(title, label);
      fieldset.insertBefore(list, label);
      return list;
    }
    function pickedIds() {
      return Array.prototype.map.call(fieldset.querySelectorAll("ul[data-picked] input"), function (box) { return box.value; });
    }
    function choice(hit) {
      var item = el("li");
      var box = el("input");
      box.type = type;
      box.name = name;
      box.value = hit.id;
      box.id = name + "-" + hit.id;
      var label = el("label", "", hit.title);
      label.htmlFor = box.id;
      var authors = hit.authors.length > 3 ? hit.authors.slice(0, 3).join(", ") + " et al." : hit.authors.join(", ");
      var detail = [authors, hit.year === null ? "" : "(" + hit.year + ")"].filter(Boolean).join(" ");
      if (detail) label.appendChild(el("span", "meta write-paper-detail", " " + detail));
      box.addEventListener("change", function () {
        if (box.checked) pickedList().appendChild(item);
      });
      item.appendChild(box);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(label);
      return item;
    }
    // One status line for the picker's whole life: a screen reader announces a live region's changes, not a new one.
    var status = results.querySelector("[role=status]") || el("p");
    status.setAttribute("role", "status");
    results.insertBefore(status, results.firstChild);
    // A paper ticked among the results (also those the server listed) joins the picked before the results go.
    function keepTicked() {
      Array.prototype.forEach.call(results.querySelectorAll("input:checked"), function (box) { pickedList().appendChild(box.closest("li")); });
    }
    function show(q, hits) {
      keepTicked();
      Array.prototype.forEach.call(results.querySelectorAll("ul, p:not([role=status])"), function (node) { node.remove(); });
      status.className = hits.length ? "write-list-title" : "";
      status.textContent = q === "" ? "" : hits.length === 0 ? "No other papers match \\u201c" + q + "\\u201d." :
        (hits.length === 1 ? "1 paper matches" : hits.length + " papers match") + " \\u201c" + q + "\\u201d";
      if (hits.length === 0) return;
      var list = el("ul", "write-choices");
      hits.forEach(function (hit) { list.appendChild(choice(hit)); });
      results.appendChild(list);
    }
    var search = debounce(function () {
      var q = input.value.trim();
      if (q === current) return;
      current = q;
      if (controller) controller.abort();
      if (q.length < 2) { show("", []); return; }
      controller = new AbortController();
      fetch("/api/search?kind=publication&limit=10&q=" + encodeURIComponent(q), { signal: controller.signal, headers: { accept: "application/json" } })
        .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.json(); })
        .then(function (data) {
          if (current !== q) return;
          keepTicked();
          var picked = pickedIds();
          show(q, data.items.filter(function (hit) { return picked.indexOf(hit.id) < 0; }));
        }).catch(function () {});
    }, 300);
    input.addEventListener("input", search);
  });
})();
`;
