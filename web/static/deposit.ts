// The deposit pages' enhancement, served at /static/deposit.js: a large file's upload shown as a progress bar, announced
// politely, and a form's error summary focused on load. Without it the forms post as they are and everything still works.
export const DEPOSIT_JS = `(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
  var MAX_BYTES = 8 * 1024 * 1024;
  // A chosen file can be any size, so it always gets the bar; other bodies (pasted text, a confirmation) only when large.
  var SHOW_FROM_BYTES = 256 * 1024;

  function bodySize(form) {
    var size = 0;
    var data = new FormData(form);
    data.forEach(function (value) { size += typeof value === "string" ? value.length : value.size; });
    return size;
  }

  function showPage(html) {
    // The answer is a whole page (a report, or the form with its problem): it replaces this one as a navigation would.
    document.open();
    document.write(html);
    document.close();
    // As after a navigation: the new page from its top, and focus on its heading (an error summary takes it instead).
    window.scrollTo(0, 0);
    var heading = document.querySelector("h1");
    if (heading && !document.querySelector(".error-summary")) {
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-upload-progress") || !window.XMLHttpRequest || !window.FormData) return;
    var file = form.querySelector("input[type=file]");
    var chosen = file && file.files && file.files[0];
    var status = form.querySelector(".deposit-progress-status");
    if (chosen && chosen.size > MAX_BYTES) {
      event.preventDefault();
      status.textContent = "This file is " + Math.round(chosen.size / 1048576) + " MB, more than the 8 MB a deposit may be. Split your library into smaller exports and deposit each.";
      return;
    }
    if (!chosen && bodySize(form) < SHOW_FROM_BYTES) return;
    event.preventDefault();
    var bar = form.querySelector(".deposit-progress-bar");
    var progress = form.querySelector("progress");
    var buttons = form.ownerDocument.querySelectorAll("button[type=submit]");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    bar.hidden = false;
    var what = form.getAttribute("data-upload-progress");
    var announced = -1;
    status.textContent = what + ": 0% sent.";
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.floor((e.loaded / e.total) * 100);
      progress.value = percent;
      progress.textContent = percent + "%";
      // A screen reader hears every quarter, not every event.
      var quarter = Math.floor(percent / 25);
      if (quarter !== announced && percent < 100) {
        announced = quarter;
        status.textContent = what + ": " + percent + "% sent.";
      }
    });
    request.upload.addEventListener("load", function () {
      progress.value = 100;
      status.textContent = "Sent. Reading every entry: a large file takes a minute or more.";
    });
    request.addEventListener("load", function () { showPage(request.responseText); });
    request.addEventListener("error", function () {
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
      bar.hidden = true;
      status.textContent = "The file could not be sent: check your connection and try again.";
    });
    request.send(new FormData(form));
  });
})();
`;
