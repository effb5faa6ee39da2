/* The report form's required questions, checked in the browser before sending.
 *
 * The questions come from the server (_questions.html) marked data-required
 * with their label in data-label; an unanswered one gets the same message,
 * aria-invalid, aria-describedby and error summary (a list of links, focused)
 * as the server would give, without a round trip. The server checks again:
 * this is a help, not the rule. report.js calls CityLoopRequired.check(form,
 * strings) on submit, with the page's translated words.
 */
(function () {
  "use strict";

  var S = {};

  function fmt(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function answered(question) {
    var controls = question.querySelectorAll("input, textarea, select");
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      if ((c.type === "radio" || c.type === "checkbox") ? (c.checked && c.value) : c.value.trim()) {
        return true;
      }
    }
    return false;
  }

  function markQuestion(question, message) {
    var id = question.id || question.querySelector("input, textarea").id;
    var errorId = id + "-error";
    var old = document.getElementById(errorId);
    if (old) { old.remove(); }
    var controls = question.querySelectorAll("input, textarea");
    var described = question.tagName === "FIELDSET" ? question : controls[0];
    var ids = (described.getAttribute("aria-describedby") || "").split(" ").filter(function (x) {
      return x && x !== errorId;
    });
    if (!message) {
      question.classList.remove("has-error");
      controls.forEach(function (c) { c.removeAttribute("aria-invalid"); });
    } else {
      var error = document.createElement("p");
      error.className = "field-error";
      error.id = errorId;
      error.textContent = message;
      var label = question.querySelector("legend, label");
      label.parentNode.insertBefore(error, label.nextSibling);
      question.classList.add("has-error");
      controls.forEach(function (c) { c.setAttribute("aria-invalid", "true"); });
      ids.push(errorId);
    }
    if (ids.length) { described.setAttribute("aria-describedby", ids.join(" ")); }
    else { described.removeAttribute("aria-describedby"); }
  }

  // The error summary at the top, as the server writes it: a list of links to the fields.
  function showSummary(form, missing) {
    var old = document.getElementById("error-summary");
    if (old) { old.remove(); }
    var summary = document.createElement("div");
    summary.className = "error-summary";
    summary.id = "error-summary";
    summary.setAttribute("role", "alert");
    summary.setAttribute("tabindex", "-1");
    summary.setAttribute("aria-labelledby", "error-summary-title");
    summary.setAttribute("data-testid", "error-summary");
    var title = document.createElement("h2");
    title.id = "error-summary-title";
    title.textContent = S.checkTitle;
    var kept = document.createElement("p");
    kept.textContent = S.nothingSent;
    var list = document.createElement("ul");
    missing.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + item.anchor;
      link.textContent = item.message;
      li.appendChild(link);
      list.appendChild(li);
    });
    summary.appendChild(title);
    summary.appendChild(kept);
    summary.appendChild(list);
    form.parentNode.insertBefore(summary, form);
    summary.focus();
  }

  // The unanswered required questions, marked; true when there are none.
  function checkRequired(form, strings) {
    S = strings || {};
    var missing = [];
    form.querySelectorAll("#questions [data-required]").forEach(function (question) {
      if (answered(question)) { markQuestion(question, ""); return; }
      var message = fmt(S.answerQuestion, { question: question.getAttribute("data-label") });
      markQuestion(question, message);
      var first = question.querySelector("input, textarea");
      missing.push({ anchor: first.id, message: message });
    });
    if (missing.length) { showSummary(form, missing); }
    return !missing.length;
  }

  window.CityLoopRequired = { check: checkRequired };
})();
