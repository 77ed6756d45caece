// Live meeting pages (delegates' view, co-facilitators' page, projector): paragraphs, statuses,
// the paragraph under discussion and the order change in place as the co-facilitators work,
// from the negotiation's event stream. Every `meeting.*` event carries the whole state of the
// paragraphs it touched, so applying one twice changes nothing, and a page that reconnects
// (EventSource sends the last id it saw) catches up by applying what it missed, in order.
// Without this script each page shows the current state on reload.
(function () {
  "use strict";
  var box = document.getElementById("meeting-text");
  var streamUrl = box && box.getAttribute("data-meeting-events");
  if (!streamUrl || !window.EventSource || !window.followEvents) {
    return;
  }
  var meetingId = Number(box.getAttribute("data-meeting-id"));
  var view = box.getAttribute("data-view");
  var template = document.getElementById("mp-template");
  var STATES = { agreed_ad_ref: "Agreed ad ref", bracketed: "Bracketed" };
  var following = true;

  // What just changed, said once (a live region): a place kept for it on the page, or one
  // made at the bottom of the projector.
  var notice = document.getElementById("meeting-notice");
  if (!notice) {
    notice = document.createElement("p");
    notice.className = "projector-notice";
    notice.setAttribute("role", "status");
    notice.hidden = true;
    document.body.appendChild(notice);
  }

  function tell(text, link, linkText) {
    notice.textContent = text;
    if (link) {
      var anchor = document.createElement("a");
      anchor.href = link;
      anchor.textContent = linkText;
      notice.appendChild(document.createTextNode(" "));
      notice.appendChild(anchor);
    }
    notice.hidden = false;
  }

  // A page of the app as text; an answer that is not one (an error page) fails.
  function pageText(url) {
    return window.fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.text();
    });
  }

  function byKey(key) {
    return key ? document.getElementById("mp-" + key) : null;
  }

  function blocks() {
    return Array.prototype.slice.call(box.querySelectorAll(".mp"));
  }

  // The tracked changes: ops are [kind, words] pairs, kind "equal", "insert" or "delete",
  // with a third element, 1, for words in italics.
  function fillWords(target, ops) {
    target.textContent = "";
    ops.forEach(function (op) {
      var words = document.createTextNode(op[1]);
      if (op[2]) {
        var italic = document.createElement("em");
        italic.appendChild(words);
        words = italic;
      }
      if (op[0] === "insert" || op[0] === "delete") {
        var mark = document.createElement(op[0] === "insert" ? "ins" : "del");
        mark.appendChild(words);
        target.appendChild(mark);
      } else {
        target.appendChild(words);
      }
    });
  }

  function fillStatus(target, status) {
    target.textContent = "";
    if (STATES[status]) {
      var badge = document.createElement("span");
      badge.className = "badge state-" + status;
      badge.textContent = STATES[status];
      target.appendChild(badge);
    }
  }

  // In words what colour also shows: struck out, new in the meeting, moved.
  function fillMarks(target, p) {
    target.textContent = "";
    [[p.deleted, "badge-deleted", "deleted"], [p.inserted && !p.deleted, "badge-added", "new"],
      [p.moved, "badge-moved", "moved"]].forEach(function (mark) {
      if (mark[0]) {
        var badge = document.createElement("span");
        badge.className = "badge " + mark[1];
        badge.textContent = mark[2];
        target.appendChild(badge);
      }
    });
  }

  function create(key) {
    var block = template.content.firstElementChild.cloneNode(true);
    block.id = "mp-" + key;
    // The projector's keys act on the paragraph under discussion by this key.
    block.setAttribute("data-key", key);
    block.querySelectorAll("input[name=key]").forEach(function (input) {
      input.value = key;
    });
    var work = block.querySelector("a.mp-work");
    if (work) {
      work.href = work.href.replace(/key=[^&#]*/, "key=" + encodeURIComponent(key)).replace(/#.*$/, "#mp-" + key);
    }
    box.appendChild(block);
    return block;
  }

  // `OP2 (a)` for a sub-paragraph, from its parent's name on the page.
  function fullName(p) {
    var parent = byKey(p.parent);
    var ref = parent && parent.querySelector(".mp-ref");
    return (ref ? ref.textContent + " " : "") + (p.label || "the new paragraph");
  }

  function show(p) {
    var block = byKey(p.key) || create(p.key);
    block.setAttribute("data-version", p.version);
    block.setAttribute("data-depth", p.depth);
    block.classList.remove("mp-d0", "mp-d1", "mp-d2");
    block.classList.add("mp", "mp-d" + Math.min(p.depth, 2));
    var level = block.closest(".projector") ? 2 : 2 + Math.min(p.depth, 2);
    block.querySelector(".mp-label").setAttribute("aria-level", level);
    block.classList.toggle("mp-deleted", p.deleted);
    block.classList.toggle("mp-inserted", p.inserted);
    block.classList.toggle("mp-moved", p.moved);
    block.querySelector(".mp-name").textContent = p.label || "New";
    var name = fullName(p);
    block.querySelectorAll(".mp-ref").forEach(function (ref) {
      ref.textContent = name;
    });
    fillStatus(block.querySelector(".mp-status"), p.status);
    fillMarks(block.querySelector(".mp-marks"), p);
    fillWords(block.querySelector(".mp-words"), p.ops);
    if (view !== "projector") {
      block.classList.add("live-changed");
      window.setTimeout(function () {
        block.classList.remove("live-changed");
      }, 4000);
    }
    return warnIfWorkingOn(p);
  }

  function reorder(order) {
    order.forEach(function (key) {
      var block = byKey(key);
      if (block) {
        box.appendChild(block);
      }
    });
  }

  // The co-facilitators' panel: say when another writer changed the paragraph in it.
  var panel = document.getElementById("working-on");
  var byWhom = "";
  function warnIfWorkingOn(p) {
    if (!panel || panel.getAttribute("data-key") !== p.key) {
      return false;
    }
    if (p.version > Number(panel.getAttribute("data-version"))) {
      var stale = panel.querySelector(".panel-stale");
      stale.textContent = (byWhom || "Someone") + " has just changed " + fullName(p) +
        ". If you save, both texts are shown first; reload to start from the new text.";
      stale.hidden = false;
      return true;
    }
    return false;
  }

  // The paragraph under discussion, the ones shown with it on the projector, the delegate's bar.
  var shownFocus = box.querySelector(".mp-focus") && box.querySelector(".mp-focus").getAttribute("data-key");
  function setFocus(key) {
    // The co-facilitators' panel says whether its paragraph is the one under discussion.
    var working = document.getElementById("working-on");
    if (working) {
      var discussed = working.getAttribute("data-key") === key;
      working.querySelectorAll(".discuss-form").forEach(function (form) {
        form.hidden = discussed;
      });
      working.querySelectorAll(".under-discussion").forEach(function (line) {
        line.hidden = !discussed;
      });
    }
    var all = blocks();
    all.forEach(function (block) {
      block.classList.remove("mp-focus", "mp-near");
      block.removeAttribute("aria-current");
    });
    var focused = byKey(key);
    var waiting = document.querySelector(".projector-waiting");
    if (waiting) {
      waiting.hidden = Boolean(focused);
    }
    if (!focused) {
      return;
    }
    focused.classList.add("mp-focus");
    focused.setAttribute("aria-current", "true");
    var index = all.indexOf(focused);
    var depth = Number(focused.getAttribute("data-depth"));
    var end = index + 1;
    while (end < all.length && Number(all[end].getAttribute("data-depth")) > depth) {
      all[end].classList.add("mp-near");
      end += 1;
    }
    if (index > 0) {
      all[index - 1].classList.add("mp-near");
    }
    if (end < all.length) {
      all[end].classList.add("mp-near");
    }
    // Said and brought into view when the discussion moves, not at every change: a delegate
    // reading the paragraph under discussion is not moved while it is edited.
    if (key !== shownFocus) {
      updateFollowBar(focused);
      if (following && view === "follow") {
        focused.scrollIntoView({ block: "center", behavior: "smooth" });
      }
    }
    shownFocus = key;
  }

  function currentFocus() {
    return box.querySelector(".mp-focus");
  }

  var bar = document.getElementById("follow-bar");
  function updateFollowBar(focused) {
    if (!bar) {
      return;
    }
    var ref = focused.querySelector(".mp-ref");
    var name = (ref || focused.querySelector(".mp-name")).textContent;
    var now = bar.querySelector(".follow-now");
    now.textContent = "Under discussion: ";
    var link = document.createElement("a");
    link.className = "follow-link";
    link.href = "#" + focused.id;
    link.textContent = name;
    now.appendChild(link);
    var consult = focused.querySelector(".mp-consult");
    var slot = bar.querySelector(".follow-consult");
    slot.textContent = "";
    if (consult) {
      slot.appendChild(consult.cloneNode(true));
    }
  }

  if (bar) {
    var toggle = bar.querySelector(".follow-toggle");
    var checkbox = document.getElementById("follow-discussion");
    toggle.hidden = false;
    checkbox.addEventListener("change", function () {
      following = checkbox.checked;
      if (following && currentFocus()) {
        currentFocus().scrollIntoView({ block: "center", behavior: "smooth" });
      }
    });
    if (currentFocus()) {
      currentFocus().scrollIntoView({ block: "center" });
    }
  }

  var SAID = {
    edit: "changed",
    insert: "inserted",
    "delete": "struck out",
    restore: "restored",
    move: "moved",
    bracket: "bracketed words in",
    alternative: "recorded an alternative in",
    status: "marked",
    "read-in": "read a proposal into",
  };

  // The page of a meeting that ended no longer looks live: no badge, no paragraph under
  // discussion, no bar following it (as the page reads when opened after the end).
  function closedDown() {
    source.close();
    document.querySelectorAll(".badge-live").forEach(function (badge) {
      badge.classList.remove("badge-live");
      badge.textContent = "Ended";
    });
    blocks().forEach(function (block) {
      block.classList.remove("mp-focus", "mp-near");
      block.removeAttribute("aria-current");
    });
    if (bar) {
      bar.hidden = true;
    }
  }

  function apply(data) {
    byWhom = data.by || "";
    if (data.change === "close") {
      tell(data.withdrawn ?
        data.withdrawn + ", the text of the meeting, was withdrawn: the meeting was closed without a new text; its record stays." :
        "The meeting was closed without a new text; its record stays.");
      closedDown();
      return;
    }
    if (data.change === "end") {
      var ended = "The meeting has ended" + (data.label ? ": its text becomes " + data.label + "." :
        data.statuses_on ? ": no words were changed, and its statuses are now those of " + data.statuses_on + "." : ".");
      if (view === "chair" && data.preview_id) {
        // Only the co-facilitators' page links to the preview: no one else may open it.
        var path = streamUrl.split("/events")[0];
        tell(ended, path + "/revisions/" + data.preview_id, "Review the preview");
      } else {
        tell(ended);
      }
      closedDown();
      return;
    }
    var warned = (data.paragraphs || []).map(show).indexOf(true) !== -1;
    if (data.order) {
      reorder(data.order);
    }
    var focus = data.focus !== undefined ? data.focus : currentFocus() && currentFocus().getAttribute("data-key");
    setFocus(focus);
    var touched = data.paragraphs || [];
    // What reading each proposal in would do is worked out on the room's text: when the room
    // changes the panel's paragraph, the list is asked for again (a proposal may apply again,
    // or no longer).
    if (panel && touched.some(function (p) { return p.key === panel.getAttribute("data-key"); })) {
      refreshProposals({});
    }
    if (SAID[data.change] && touched.length && view !== "projector" && !warned) {
      var first = touched[0];
      var said = data.change === "status"
        ? "marked " + fullName(first) + " " + (STATES[first.status] || "Pending").toLowerCase()
        : SAID[data.change] + " " + fullName(first);
      tell((data.by || "The co-facilitators") + " " + said + ".");
    }
  }

  // The co-facilitators' panel lists the proposals on its paragraph to read in. One posted,
  // changed or withdrawn by its delegation (or triaged, by the other co-facilitator or on the
  // compilation) while the page is open is shown as it happens: the event names only the paragraph, and the list is asked again of
  // the server, which shows each co-facilitator what they may see. A comment the reader may
  // not see never reaches the page (the stream leaves it out).
  var negotiationPath = streamUrl.split("/events")[0];
  var panelOrigin = panel ? Number(panel.getAttribute("data-origin")) : 0;
  var proposalsAsked = 0;

  function panelName() {
    var block = byKey(panel.getAttribute("data-key"));
    var ref = block && block.querySelector(".mp-ref");
    return ref ? ref.textContent : "this paragraph";
  }

  var SAID_OF_COMMENTS = {
    "comment-posted": { proposal: "made a proposal", comment: "commented" },
    "comment-edited": { proposal: "changed its proposal", comment: "changed a comment" },
    "comment-withdrawn": { proposal: "withdrew its proposal", comment: "withdrew a comment" }
  };

  function refreshProposals(data) {
    var shown = document.getElementById("panel-proposals");
    var url = shown && shown.getAttribute("data-proposals-url");
    if (!url) {
      return;
    }
    var asked = ++proposalsAsked;
    // What the delegation did, as the chair is told of it; a triage is the chair's own doing.
    var did = SAID_OF_COMMENTS[data.kind];
    var itemOf = "li[data-comment-id='" + Number(data.comment_id) + "']";
    var listed = Boolean(shown.querySelector(itemOf));
    pageText(url)
      .then(function (html) {
        if (asked !== proposalsAsked) {
          return; // a later answer, asked after a later event, replaces this one
        }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("panel-proposals");
        if (!fresh) {
          throw new Error("no list of proposals");
        }
        fresh = document.adoptNode(fresh);
        document.getElementById("panel-proposals").replaceWith(fresh);
        // The note by Agree ad ref names the reservations standing on the paragraph now.
        var note = document.getElementById("reservation-note");
        if (note) {
          note.textContent = fresh.getAttribute("data-reservation-note") || "";
          note.hidden = !note.textContent;
          var agree = document.querySelector(".status-buttons button[value='agreed_ad_ref']");
          if (agree && note.hidden) {
            agree.removeAttribute("aria-describedby");
          } else if (agree) {
            agree.setAttribute("aria-describedby", "reservation-note");
          }
        }
        if (!did) {
          return;
        }
        var item = fresh.querySelector(itemOf);
        var remark = fresh.querySelector("li[data-remark-id='" + Number(data.comment_id) + "']");
        if (remark) {
          remark.classList.add("live-changed");
          tell(data.delegation + " " + did.comment + " on " + panelName() + ".", "#remarks-heading",
            "See it under Reservations and open comments");
        } else if (item) {
          item.classList.add("live-changed");
          tell(data.delegation + " " + did.proposal + " on " + panelName() + ".", "#proposals-heading",
            "See it under Proposals to read in");
        } else if (data.kind === "comment-withdrawn") {
          tell(data.delegation + " " + (listed ? did.proposal : did.comment) + " on " + panelName() +
            (listed ? ": it is no longer among the proposals to read in." : "."));
        } else {
          tell(data.delegation + " " + did.comment + " on " + panelName() + ".",
            negotiationPath + "/comments/" + Number(data.comment_id), "Read it");
        }
      })
      .catch(function () {
        if (did) {
          tell(data.delegation + " " + did.comment + " on " + panelName() + ": reload the page to see it.");
        }
      });
  }

  var COMMENT_EVENTS = {
    "comment-posted": true, "comment-edited": true, "comment-withdrawn": true, "comment-triaged": true
  };
  function commentEvent(data) {
    if (panelOrigin && data.paragraph_id === panelOrigin) {
      refreshProposals(data);
    }
  }

  // A text published (or withdrawn) while the meeting is held: the meeting's own text may have
  // been superseded (or be the latest again). The page as the server now writes it says so
  // and what can be done, and where each paragraph takes comments: those parts are put in
  // place from it (a copy of this page, asked again), so no wording is made up here.
  var baseRevisionId = Number(box.getAttribute("data-base-revision-id"));
  var SPREAD = 3000;
  var textsAsked = 0;

  function swap(fresh, selector) {
    var now = document.querySelector(selector);
    var then = fresh.querySelector(selector);
    if (now && then) {
      now.replaceWith(document.adoptNode(then));
    }
  }

  function textCirculated(data) {
    if (data.kind === "revision-withdrawn" && data.revision_id === baseRevisionId) {
      return; // the meeting is closed with its text: its own event says so
    }
    var asked = ++textsAsked;
    pageText(window.location.pathname + window.location.search)
      .then(function (html) {
        if (asked !== textsAsked) {
          return; // a later answer, asked after a later event, replaces this one
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        if (!fresh.getElementById("meeting-superseded")) {
          throw new Error("not the meeting's page");
        }
        swap(fresh, "#meeting-superseded");
        swap(fresh, ".page-head nav.actions");
        swap(fresh, "#mp-template");
        template = document.getElementById("mp-template");
        blocks().forEach(function (block) {
          var key = block.getAttribute("data-key");
          var line = block.querySelector(".mp-consult");
          var then = fresh.querySelector(".mp-consult[data-key='" + key + "']");
          if (line && then) {
            line.replaceWith(document.adoptNode(then));
          }
        });
        if (bar && currentFocus()) {
          updateFollowBar(currentFocus());
        }
        var heading = document.querySelector("#meeting-superseded h2");
        if (heading) {
          tell(heading.textContent + ".", "#" + heading.id,
            view === "chair" ? "What you can do" : "What it means for the meeting");
        } else {
          tell(data.label + (data.kind === "revision-withdrawn" ? " was withdrawn: " : " was published: ") +
            "the meeting's text is the latest text again.");
        }
      })
      .catch(function () {
        tell(data.label + (data.kind === "revision-withdrawn" ? " was withdrawn" : " was published") +
          " during the meeting: reload the page to see what it means for the meeting.");
      });
  }

  // A stream refused (a busy server's 503) is started again after the last event (stream.js):
  // a page that stopped following would show an old text as the one under discussion.
  var source = window.followEvents(streamUrl, function (data) {
    if (data.meeting_id === meetingId && String(data.kind).indexOf("meeting.") === 0) {
      apply(data);
    } else if (data.kind === "revision-published" || data.kind === "revision-withdrawn") {
      // Every delegation's page asks at once otherwise: spread over a few seconds, the
      // chair's first.
      window.setTimeout(function () {
        textCirculated(data);
      }, view === "chair" ? 0 : Math.random() * SPREAD);
    } else if (view === "chair" && COMMENT_EVENTS[data.kind]) {
      commentEvent(data);
    }
  });

  // The projector's keys, for the co-facilitators (their controls are on the page).
  var keys = document.querySelector(".projector-keys");
  if (view !== "projector" || !keys) {
    return;
  }

  function errorIn(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var message = page.querySelector(".error-message, .flash-error");
    return message ? message.textContent : "That did not work.";
  }

  function send(form, fields) {
    var body = new FormData(form);
    Object.keys(fields).forEach(function (name) {
      body.set(name, fields[name]);
    });
    window.fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          return response.text().then(function (html) {
            tell(errorIn(html));
          });
        }
        notice.hidden = true;
      })
      .catch(function () {
        tell("Not sent: the connection to the server is lost.");
      });
  }

  function focused(form, fields) {
    var block = currentFocus();
    if (!block) {
      tell("Choose a paragraph first (j or →).");
      return;
    }
    fields.key = block.getAttribute("data-key");
    fields.version = block.getAttribute("data-version");
    send(form, fields);
  }

  // Agreeing ad ref from the projector, by its key or its button, first asks what the chair's
  // panel says beside its Agree ad ref: the reservations standing on the paragraph. When one
  // stands the note is shown and nothing is agreed; pressed again (the same note, the same
  // paragraph as it then read), it agrees all the same. Without this the key agreed over a
  // reservation the chair had not seen.
  var agreeForm = document.getElementById("projector-agree");
  var notesUrl = keys.getAttribute("data-proposals-url");
  var agreeShown = "";

  function agree(viaButton) {
    var block = currentFocus();
    if (!block) {
      tell("Choose a paragraph first (j or →).");
      return;
    }
    var fields = { key: block.getAttribute("data-key"), version: block.getAttribute("data-version") };
    pageText(notesUrl + "?key=" + encodeURIComponent(fields.key))
      .then(function (html) {
        var list = new DOMParser().parseFromString(html, "text/html").getElementById("panel-proposals");
        if (!list) {
          throw new Error("no list of proposals");
        }
        // Said on the room's screen: a reservation only the co-facilitators see is not named.
        var note = list.getAttribute("data-room-note") || "";
        var shown = [fields.key, fields.version, note].join("\n");
        if (note && agreeShown !== shown) {
          agreeShown = shown;
          tell(note + " Press a again (or Agree ad ref) to agree it ad ref all the same.");
          return;
        }
        agreeShown = "";
        // Asked here: the server need not ask again (it does for a screen without script).
        fields.confirmed = "yes";
        if (viaButton) {
          agreeForm.querySelector("input[name=key]").value = fields.key;
          agreeForm.querySelector("input[name=confirmed]").value = "yes";
          agreeForm.submit();
        } else {
          send(agreeForm, fields);
        }
      })
      .catch(function () {
        tell("Not agreed: whether reservations stand on the paragraph could not be checked. Try again.");
      });
  }

  if (agreeForm && notesUrl) {
    agreeForm.addEventListener("submit", function (event) {
      event.preventDefault();
      agree(true);
    });
  }

  // The buttons act on the paragraph under discussion now, not on the one the page was
  // opened on: the form's key and version are taken from it as it is sent (Agree ad ref's
  // above).
  [document.getElementById("projector-bracket")].forEach(function (form) {
    if (!form) {
      return;
    }
    form.addEventListener("submit", function () {
      var block = currentFocus();
      ["key", "version"].forEach(function (name) {
        var input = form.querySelector("input[name=" + name + "]");
        if (input && block) {
          input.value = block.getAttribute("data-" + name) || "";
        }
      });
    });
  });

  var STEP_KEYS = { j: "next", ArrowRight: "next", ArrowDown: "next", k: "previous", ArrowLeft: "previous", ArrowUp: "previous" };
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || (target.closest && target.closest("input, textarea, select"))) {
      return;
    }
    if (event.key !== "a") {
      agreeShown = ""; // the note is shown again before another agreement
    }
    if (STEP_KEYS[event.key]) {
      event.preventDefault();
      send(document.getElementById("projector-step"), { step: STEP_KEYS[event.key] });
    } else if (event.key === "a") {
      agree(false);
    } else if (event.key === "b") {
      var phrase = String(window.getSelection()).trim();
      if (!phrase) {
        tell("Select the words to bracket first, then press b.");
        return;
      }
      focused(document.getElementById("projector-bracket"), { phrase: phrase });
    } else if (event.key === "f" && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen();
    }
  });
})();
