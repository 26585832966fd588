/* The idle warning (issue #12 §3). Loaded by base.html for signed-in people only.
 *
 * <body data-session-idle="seconds left" data-session-warning="lead in seconds"
 *       data-session-keepalive="/konto/session/forny/">, and the hidden <dialog id="session-warning">
 * in base.html. A lead before the session would end, the page asks the server how long is left
 * (another tab may have been active; the question itself is not activity) and, if it is still
 * ending, opens the dialog: "Bliv logget ind" posts to the keepalive (which counts as activity)
 * and closes it, "Log ud" signs out. When the time is up the page reloads, and the server sends
 * it to the sign-in page with the reason. No HTML is built here (CSP: script-src 'self').
 */
(function () {
  "use strict";

  var body = document.body;
  var dialog = document.getElementById("session-warning");
  var url = body.getAttribute("data-session-keepalive");
  var left = parseInt(body.getAttribute("data-session-idle"), 10);
  var lead = parseInt(body.getAttribute("data-session-warning"), 10);
  if (!dialog || !url || isNaN(left) || isNaN(lead) || typeof dialog.showModal !== "function") {
    return;
  }
  var stayForm = dialog.querySelector("form[data-session-stay]");
  var timer = null;

  function reload() {
    window.location.reload();
  }

  function secondsLeft(response) {
    // an ended session answers with a redirect to the sign-in page (not followed here)
    var type = response.headers.get("Content-Type") || "";
    if (!response.ok || type.indexOf("application/json") === -1) {
      return Promise.resolve(null);
    }
    return response.json().then(function (data) {
      return typeof data.seconds_left === "number" ? data.seconds_left : null;
    });
  }

  function ask() {
    return fetch(url, {
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json", "X-Lederspor-Background": "1" },
    }).then(secondsLeft);
  }

  function stay() {
    var token = stayForm.querySelector("input[name=csrfmiddlewaretoken]");
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
    }).then(secondsLeft);
  }

  function wait(seconds, then) {
    window.clearTimeout(timer);
    timer = window.setTimeout(then, Math.max(0, seconds) * 1000);
  }

  function close() {
    if (dialog.open) {
      dialog.close();
    }
  }

  // schedule the check `lead` seconds before the session would end
  function schedule(seconds) {
    wait(seconds - lead, check);
  }

  function check() {
    ask().then(function (seconds) {
      if (seconds === null || seconds <= 0) {
        reload();
      } else if (seconds > lead + 5) {
        close(); // active elsewhere: the session goes on
        schedule(seconds);
      } else {
        if (!dialog.open) {
          dialog.showModal();
        }
        wait(seconds + 1, check);
      }
    }, reload);
  }

  function renew() {
    stay().then(function (seconds) {
      if (seconds === null || seconds <= 0) {
        reload();
      } else {
        close();
        schedule(seconds);
      }
    }, reload);
  }

  stayForm.addEventListener("submit", function (event) {
    event.preventDefault();
    renew();
  });
  // Escape: the person is here, so it counts as staying
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    renew();
  });

  schedule(left);
})();
