// Progressive enhancement shared by every page: everything works without it.
"use strict";
(function () {
  // Ask before destructive actions: <button data-confirm="Really?">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // The CSRF token of the page, for scripts that post with fetch/XMLHttpRequest.
  window.concordCsrf = function () {
    var field = document.querySelector('input[name="csrf"]');
    return field ? field.value : "";
  };
})();
