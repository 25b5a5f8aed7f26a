// The error summary of the public forms (templates/applications/public/_error_summary.html).
// The page works without this script: the summary has autofocus, and its links are in-page
// links. The script adds two things: the focus where a browser ignores autofocus on a box, and,
// on a link, the field's label (a radio group's legend) scrolled into view above the field
// before the field gets the focus; a plain link scrolls the field to the top edge of the
// window and hides its label and message.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) {
    return;
  }
  if (document.activeElement !== summary) {
    summary.focus();
  }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    var field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) {
      return;
    }
    var box = field.closest(".field, fieldset");
    var caption = box && box.querySelector("legend, label");
    event.preventDefault();
    (caption || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
