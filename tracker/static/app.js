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

  // Long text boxes count their characters against the limit the server keeps. They carry no
  // maxlength: a browser cuts a pasted statement at it without a word, where the server
  // refuses it whole and gives it back to be shortened.
  var NEAR_LIMIT = 0.9;

  // The note said aloud under a field (`kind`: its class), made when first needed.
  function noteAfter(field, kind) {
    var note = field.nextElementSibling;
    if (!note || !note.classList.contains(kind)) {
      note = document.createElement("p");
      note.className = "help " + kind;
      note.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", note);
    }
    return note;
  }

  function updateCount(box) {
    var limit = parseInt(box.getAttribute("data-limit"), 10);
    var count = Array.from(box.value).length;
    var note = noteAfter(box, "char-count");
    var over = count - limit;
    note.classList.toggle("over-limit", over > 0);
    if (over > 0) {
      note.textContent = count.toLocaleString("en") + " characters: " +
        over.toLocaleString("en") + " over the limit of " + limit.toLocaleString("en") + ".";
    } else if (count >= limit * NEAR_LIMIT) {
      note.textContent = count.toLocaleString("en") + " of at most " +
        limit.toLocaleString("en") + " characters.";
    } else {
      note.textContent = "";
    }
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-limit]")) {
      updateCount(event.target);
    }
  });
  document.querySelectorAll("textarea[data-limit]").forEach(updateCount);

  // A file over the upload limit is refused by the server only once all of it was sent: the
  // file field says so as soon as it is chosen, and the form is not sent with it.
  function checkFileSize(input) {
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    var file = input.files && input.files[0];
    var note = noteAfter(input, "file-size");
    note.classList.add("over-limit");
    var megabytes = function (bytes) {
      return (bytes / (1024 * 1024)).toLocaleString("en", { maximumFractionDigits: 1 }) + " MB";
    };
    var message = file && file.size > limit
      ? "This file is " + megabytes(file.size) + ": uploads are limited to " + megabytes(limit) +
        ". Choose a smaller file, or paste its text below."
      : "";
    note.textContent = message;
    input.setCustomValidity(message);
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-bytes]")) {
      checkFileSize(event.target);
    }
  });
  // The forms are `novalidate` (the server says what is wrong, in words): held back here.
  document.addEventListener("submit", function (event) {
    var tooLarge = event.target.querySelector("input[type=file][data-max-bytes]");
    if (tooLarge && tooLarge.validationMessage) {
      event.preventDefault();
      tooLarge.focus();
    }
  });

  // A note mark in a comparison shows its note while focused or pointed at (app.css); Escape
  // puts the note away, focus and pointer staying where they are, until the mark is left.
  function noteMark(node) {
    return node && node.closest ? node.closest(".fn-told") : null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    document.querySelectorAll(".fn-told:hover, .fn-told:focus-within").forEach(function (mark) {
      mark.classList.add("fn-put-away");
    });
  });
  document.addEventListener("focusout", function (event) {
    var mark = noteMark(event.target);
    if (mark && !mark.matches(":hover")) {
      mark.classList.remove("fn-put-away");
    }
  });
  document.addEventListener("mouseout", function (event) {
    var mark = noteMark(event.target);
    if (mark && !mark.contains(event.relatedTarget) && !mark.matches(":focus-within")) {
      mark.classList.remove("fn-put-away");
    }
  });
})();
