// A negotiation's event stream that does not give up (used by live.js and meeting.js).
// After a dropped connection the browser reconnects by itself, sending the last event id it
// saw, and the server replays what was missed. After an answer that is not a stream (a
// proxy's error page while a server is down, a busy server's 503) EventSource gives up: the
// stream is started again after the last event received, waiting longer each time so that a
// crowd of pages does not return all at once.
(function () {
  "use strict";
  var FIRST_DELAY = 2000;
  var LONGEST_DELAY = 60000;

  window.followEvents = function (streamUrl, onData) {
    var lastId = "";
    var delay = FIRST_DELAY;
    var source = null;
    var stopped = false;

    function afterLast() {
      if (!lastId) {
        return streamUrl;
      }
      if (/[?&]after=/.test(streamUrl)) {
        return streamUrl.replace(/([?&]after=)[^&]*/, "$1" + lastId);
      }
      return streamUrl + (streamUrl.indexOf("?") < 0 ? "?" : "&") + "after=" + lastId;
    }

    function connect() {
      if (stopped) {
        return;
      }
      source = new EventSource(afterLast());
      source.onopen = function () {
        delay = FIRST_DELAY;
      };
      source.onmessage = function (message) {
        if (message.lastEventId) {
          lastId = message.lastEventId;
        }
        onData(JSON.parse(message.data));
      };
      source.onerror = function () {
        if (source.readyState === EventSource.CLOSED) {
          window.setTimeout(connect, delay + Math.random() * delay);
          delay = Math.min(delay * 2, LONGEST_DELAY);
        }
      };
    }

    connect();
    return {
      close: function () {
        stopped = true;
        if (source) {
          source.close();
        }
      },
    };
  };
})();
