/* The report form: say before sending that a report without an email or phone gets
 * no updates, and that an email typed beside a report "already reported nearby"
 * is for news of that report, not this report's contact.
 * The note is in the page (shown by the server when no contact was given); this
 * only keeps it in step with the fields as the citizen types.
 */
(function () {
  "use strict";

  function filled(id) {
    var input = document.getElementById(id);
    return !!(input && input.value.trim());
  }

  function anyMeToo() {
    return Array.prototype.some.call(document.querySelectorAll(".metoo-email"), function (input) {
      return !!input.value.trim();
    });
  }

  function start() {
    var form = document.getElementById("report-form");
    var note = document.getElementById("no-contact-note");
    var metoo = document.getElementById("no-contact-metoo");
    var submit = document.getElementById("submit-report");
    if (!form || !note || !submit) { return; }

    function update() {
      var none = !filled("contact-email") && !filled("contact-phone");
      note.hidden = !none;
      // A hidden note must not be read out with the button either.
      if (none) { submit.setAttribute("aria-describedby", "no-contact-note"); }
      else { submit.removeAttribute("aria-describedby"); }
      // The "me too" boxes are inside the nearby list, which is replaced as the pin moves.
      if (metoo) { metoo.hidden = !(none && anyMeToo()); }
    }

    document.addEventListener("input", function (event) {
      var target = event.target;
      if (target && (target.id === "contact-email" || target.id === "contact-phone" ||
                     (target.classList && target.classList.contains("metoo-email")))) { update(); }
    });
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
