// Shows only the parameter fields of the chosen rule kind or indicator source.
// Each parameter's input says which kinds take it (data-kinds) and which
// select holds the kind (data-kind-field); see cityloop/sensing/admin_params.py.
// Without this script every parameter field is shown, each with its help text.
(function () {
  "use strict";

  function update(form) {
    form.querySelectorAll("[data-kinds]").forEach(function (input) {
      var select = form.querySelector('[name="' + input.dataset.kindField + '"]');
      var row = input.closest(".form-row") || input.parentElement;
      if (!select || !row) {
        return;
      }
      var kinds = input.dataset.kinds.split(" ");
      row.style.display = kinds.indexOf(select.value) === -1 ? "none" : "";
    });
  }

  function start() {
    document.querySelectorAll("form").forEach(function (form) {
      var first = form.querySelector("[data-kinds]");
      if (!first) {
        return;
      }
      update(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === first.dataset.kindField) {
          update(form);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
