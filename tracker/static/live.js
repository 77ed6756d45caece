// Live draft page: shows paragraph statuses and comment counts as they change, from the
// negotiation's event stream. Progressive enhancement only: without it the page shows the
// current state on reload. The stream (stream.js) reconnects and replays what was missed.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-events]");
  if (!root || !window.EventSource || !window.followEvents) {
    return;
  }
  var revisionId = Number(root.getAttribute("data-revision-id"));
  var streamUrl = root.getAttribute("data-live-events");
  var negotiationPath = streamUrl.split("/events")[0];
  var STATES = { agreed_ad_ref: "Agreed ad ref", bracketed: "Bracketed", pending: "Pending" };

  var notice = document.createElement("p");
  notice.className = "live-notice no-print";
  notice.setAttribute("role", "status");
  notice.setAttribute("aria-live", "polite");
  notice.hidden = true;
  root.parentNode.insertBefore(notice, root);

  function tell(text, link, linkText) {
    notice.textContent = text + " ";
    if (link) {
      var anchor = document.createElement("a");
      anchor.href = link;
      anchor.textContent = linkText;
      notice.appendChild(anchor);
    }
    notice.hidden = false;
  }

  // The paragraph's own consultation line (not a sub-paragraph's), made if it has none yet.
  function consultLine(path) {
    var block = document.getElementById(path.replace(/ /g, "-").replace(/[()]/g, ""));
    if (!block) {
      return null;
    }
    var body = block.querySelector(":scope > .para-body");
    var line = body && body.querySelector(":scope > .para-consult");
    if (body && !line) {
      line = document.createElement("p");
      line.className = "para-consult no-print";
      body.appendChild(line);
    }
    return line;
  }

  function showStatus(data) {
    var line = consultLine(data.path);
    if (!line) {
      return;
    }
    var old = line.querySelector(".badge[class*='state-']");
    if (old) {
      old.remove();
    }
    if (data.status !== "pending") {
      var badge = document.createElement("span");
      badge.className = "badge state-" + data.status;
      badge.textContent = STATES[data.status] || data.status;
      line.insertBefore(document.createTextNode(" "), line.firstChild);
      line.insertBefore(badge, line.firstChild);
    }
    line.closest(".para").classList.add("live-changed");
  }

  function countComment(data) {
    var line = consultLine(data.path);
    if (!line) {
      return;
    }
    var link = line.querySelector("a[href$='#comments-heading']");
    if (link) {
      var count = parseInt(link.textContent, 10) + 1;
      link.textContent = count + " comments on " + data.path;
    } else {
      var none = line.querySelector(".muted") || document.createElement("span");
      none.className = "muted";
      none.textContent = "New comment on " + data.path + " (reload to read it)";
      if (!none.parentNode) {
        line.appendChild(none);
      }
    }
  }

  var handlers = {
    "paragraph-status": function (data) {
      var label = STATES[data.status] || data.status;
      if (data.revision_id === revisionId) {
        showStatus(data);
        tell(data.path + " is now " + label.toLowerCase() + ".");
      }
    },
    "comment-posted": function (data) {
      if (data.revision_id === revisionId && data.path) {
        countComment(data);
      }
      tell(data.delegation + " commented on " + (data.path || "the text") + ".");
    },
    "revision-published": function (data) {
      tell(data.label + " was published.", negotiationPath + "/revisions/" + data.revision_id,
        "Open " + data.label);
    },
    "revision-withdrawn": function (data) {
      tell(data.label + " was withdrawn.", negotiationPath, "Open the negotiation");
    },
    "silence-opened": function (data) {
      tell("A silence procedure was opened.", negotiationPath + "/silence/" + data.silence_id,
        "See it");
    },
    "silence-broken": function (data) {
      tell("Silence was broken.", negotiationPath + "/silence/" + data.silence_id, "See it");
    },
    "silence-lifted": function (data) {
      tell("An objection to the text under silence was lifted.",
        negotiationPath + "/silence/" + data.silence_id, "See it");
    },
    "silence-extended": function (data) {
      tell("The silence deadline was extended.", negotiationPath + "/silence/" + data.silence_id,
        "See it");
    },
    "silence-withdrawn": function (data) {
      tell("The text was withdrawn from silence.",
        negotiationPath + "/silence/" + data.silence_id, "See it");
    },
    "meeting.start": function (data) {
      tell(data.by + " started the meeting: the text is edited on screen.",
        negotiationPath + "/meetings/" + data.meeting_id, "Follow the meeting");
    },
  };

  window.followEvents(streamUrl, function (data) {
    var handle = handlers[data.kind];
    if (handle) {
      handle(data);
    }
  });
})();
