/* The menu button on phones (issue #16 §4). Loaded by base.html for signed-in people.
 *
 * <button class="menu-toggle" aria-expanded="false" aria-controls="main-menu" hidden> stands
 * before <nav id="main-menu">. Without this script the button stays hidden and the menu is
 * always shown. With it, the button is shown (app.css shows it on narrow screens only, where the
 * menu is folded while aria-expanded is "false"); a click opens or closes the menu, Escape
 * closes it and gives the focus back to the button. No HTML is built here (CSP: script-src
 * 'self').
 */
(function () {
  "use strict";

  var button = document.querySelector(".menu-toggle[aria-controls]");
  if (!button) {
    return;
  }
  var menu = document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  setOpen(false);
  button.hidden = false;
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
