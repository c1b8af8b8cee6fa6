// The search box's suggestions as you type, served at /static/suggest.js: the WAI-ARIA combobox pattern, no framework.
// A topic or a person goes to the search page filtered by it (a journalist picking "Housing and homelessness" wants
// everything on it, not those words as a query); a title goes to its item's page. Without this script the box is a
// plain search field in a GET form.
export const SUGGEST_JS = `(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  var status = document.getElementById("suggest-status");
  if (!input || !status || !window.fetch) return;
  var TYPES = { topic: "Topic", person: "Person", publication: "Publication", briefing: "Policy briefing", "lay-summary": "Plain-language summary" };
  var list = document.createElement("ul");
  list.id = "suggest-list";
  list.className = "suggest-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  input.parentNode.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  var items = [], active = -1, timer = 0, controller = null, asked = "";

  /** The page a suggestion leads to: the search page for a topic or person (the API names its own search). */
  function pageFor(s) {
    return s.url.indexOf("/api/search") === 0 ? s.url.slice(4) : s.url;
  }

  function setActive(i) {
    active = i;
    for (var n = 0; n < list.children.length; n++) list.children[n].setAttribute("aria-selected", n === i ? "true" : "false");
    if (i < 0) input.removeAttribute("aria-activedescendant");
    else {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function show(suggestions) {
    items = suggestions;
    list.textContent = "";
    suggestions.forEach(function (s, i) {
      var li = document.createElement("li");
      li.id = "suggest-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var label = document.createElement("span");
      label.textContent = s.label;
      var type = document.createElement("span");
      type.className = "suggest-type";
      type.textContent = TYPES[s.kind || s.type] || "";
      li.appendChild(label);
      li.appendChild(type);
      // mousedown, not click: the input keeps focus, so blur does not close the list first.
      li.addEventListener("mousedown", function (e) {
        e.preventDefault();
        go(i);
      });
      list.appendChild(li);
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = suggestions.length === 0;
    input.setAttribute("aria-expanded", suggestions.length > 0 ? "true" : "false");
    status.textContent = suggestions.length === 0 ? "No suggestions" : suggestions.length + (suggestions.length === 1 ? " suggestion" : " suggestions") + ": use the up and down arrows to choose";
  }

  function go(i) {
    close();
    window.location.assign(pageFor(items[i]));
  }

  function ask() {
    var q = input.value;
    if (q === asked) return;
    asked = q;
    if (controller) controller.abort();
    if (q.trim().length < 2) {
      show([]);
      status.textContent = "";
      return;
    }
    controller = new AbortController();
    fetch("/api/suggest?q=" + encodeURIComponent(q), { signal: controller.signal, headers: { accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (body) { if (input.value === q && document.activeElement === input) show(body.suggestions || []); })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  input.addEventListener("keydown", function (e) {
    var open = !list.hidden;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!open) {
        if (items.length === 0) return;
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      e.preventDefault();
      var n = items.length, down = e.key === "ArrowDown";
      setActive(active < 0 ? (down ? 0 : n - 1) : (active + (down ? 1 : n - 1)) % n);
    } else if (e.key === "Enter" && open && active >= 0) {
      e.preventDefault();
      go(active);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);
})();
`;
