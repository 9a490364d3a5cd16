// Small behaviours without inline scripts (the CSP forbids them).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
    // Guard against double submission of the same form.
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    window.setTimeout(function () { form.dataset.submitted = ""; }, 4000);
  });
  // Keyboard: Alt+<key> follows the element marked data-hotkey="<key>" (the same in every
  // browser, unlike accesskey).
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) { return; }
    const target = document.querySelector('[data-hotkey="' + event.key.toLowerCase() + '"]');
    if (target) { event.preventDefault(); target.click(); }
  });
  // Keyboard: "/" focuses the page's search box, like most office systems' quick search.
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
      const box = document.querySelector("[data-search]");
      if (box) { event.preventDefault(); box.focus(); }
    }
  });
})();
