// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Comment forms: show the proposed-text box only for the kinds that use it.
  var KINDS_WITH_TEXT = ["amend", "new_after"];

  function updateCommentForm(form) {
    var kind = form.querySelector("select.comment-kind");
    var field = form.querySelector(".proposed-field");
    if (!kind || !field) {
      return;
    }
    field.classList.toggle("not-needed", KINDS_WITH_TEXT.indexOf(kind.value) === -1);
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select.comment-kind")) {
      updateCommentForm(event.target.form);
    }
  });
  document.querySelectorAll("form.comment-form").forEach(updateCommentForm);
})();
