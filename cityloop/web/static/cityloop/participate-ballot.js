/* The budget ballot (/participate/budgets/<id>/): the running total as boxes are ticked.
 *
 * For "choose projects up to the budget" it says what the chosen projects
 * cost and what is left to spend; for "choose a number of projects", how
 * many are chosen. The sentence is in an aria-live region, so a screen
 * reader hears it after each tick. The server checks the ballot again
 * (participation.budgets.cast): this is help, not the rule.
 */
(function () {
  "use strict";

  var form = document.getElementById("budget-form");
  var configNode = document.getElementById("ballot-config");
  var stringsNode = document.getElementById("ballot-strings");
  if (!form || !configNode || !stringsNode) { return; }
  var cfg = JSON.parse(configNode.textContent);
  var S = JSON.parse(stringsNode.textContent);
  var box = document.getElementById("budget-running");
  var text = document.getElementById("budget-running-text");
  var boxes = form.querySelectorAll("input[name=projects]");
  // Costs in cents, so that adding them up never drifts as decimal fractions would.
  function cents(value) { return Math.round(parseFloat(value) * 100); }
  var amount = cents(cfg.amount);

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  // Whole units grouped as the server groups the page's amounts (not Intl's idea of
  // the language, which differs for Chinese).
  function money(c) {
    var digits = String(Math.round(Math.abs(c) / 100));
    if (cfg.separator && cfg.grouping > 0) {
      digits = digits.replace(new RegExp("\\B(?=(\\d{" + cfg.grouping + "})+(?!\\d))", "g"),
        cfg.separator);
    }
    return (c < 0 ? "-" : "") + digits;
  }

  function update() {
    var total = 0;
    var n = 0;
    boxes.forEach(function (input) {
      if (input.checked) { total += cents(input.getAttribute("data-cost")); n += 1; }
    });
    var over;
    if (cfg.rule === "knapsack") {
      over = total > amount;
      text.textContent = over
        ? fill(S.over, { total: money(total), over: money(total - amount), amount: money(amount) })
        : fill(S.knapsack, { total: money(total), amount: money(amount), left: money(amount - total) });
    } else if (cfg.max) {
      over = n > cfg.max;
      text.textContent = fill(over ? S.countOver : S.count, { n: n, max: cfg.max });
    } else {
      over = false;
      text.textContent = fill(S.countAny, { n: n });
    }
    box.classList.toggle("decide-running--over", over);
    box.setAttribute("data-total", String(total / 100));
    box.setAttribute("data-left", String((amount - total) / 100));
  }

  boxes.forEach(function (input) { input.addEventListener("change", update); });
  box.hidden = false;
  update();
  var errors = document.getElementById("budget-errors");
  if (errors) { errors.focus(); }
})();
