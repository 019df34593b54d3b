// Uploads with a progress bar (batch screening, records import): the form posts with
// XMLHttpRequest, shows the upload's progress, then the server's work, and opens the result.
// Without JavaScript the form posts normally and the browser follows the redirect.
"use strict";
(function () {
  function upload(form) {
    var box = document.getElementById(form.getAttribute("data-upload"));
    var bar = box.querySelector("progress");
    var status = box.querySelector("[role=status]");
    var error = document.getElementById("upload-error");
    var button = form.querySelector("button[type=submit]");

    function failed(message) {
      error.textContent = message || status.getAttribute("data-failed");
      error.hidden = false;
      box.hidden = true;
      button.disabled = false;
    }

    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.DOMParser) {
        return;
      }
      event.preventDefault();
      box.hidden = false;
      error.hidden = true;
      button.disabled = true;
      bar.value = 0;
      status.textContent = status.getAttribute("data-uploading");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-CSRF-Token", window.concordCsrf());
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round((e.loaded * 100) / e.total);
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.value = 100;
        status.textContent = status.getAttribute("data-working");
      });
      xhr.addEventListener("load", function () {
        if (xhr.status < 400 && xhr.responseURL) {
          window.location.assign(xhr.responseURL);
          return;
        }
        var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var found = page.querySelector("main .error");
        failed(found ? found.textContent : null);
      });
      xhr.addEventListener("error", function () {
        failed(null);
      });
      xhr.send(new FormData(form));
    });
  }
  document.querySelectorAll("form[data-upload]").forEach(upload);
})();
