// Messages: live arrivals in the inbox (EventSource), the region picker's "select all", and
// attachments uploaded with a progress bar. The pages work without this script.
"use strict";
(function () {
  // -- live inbox ---------------------------------------------------------------------------
  var status = document.getElementById("live-status");
  var rows = document.getElementById("message-rows");
  if (status && rows && status.getAttribute("data-live") === "on" && window.EventSource) {
    var source = new EventSource("/console/messages/stream");
    source.addEventListener("message", function (event) {
      var data = JSON.parse(event.data);
      if (rows.querySelector('tr[data-id="' + data.message_id + '"]')) { return; }
      fetch("/console/messages/row/" + encodeURIComponent(data.message_id), {
        credentials: "same-origin"
      }).then(function (answer) {
        return answer.ok ? answer.text() : null;
      }).then(function (html) {
        if (!html || rows.querySelector('tr[data-id="' + data.message_id + '"]')) { return; }
        var body = document.createElement("tbody");
        body.innerHTML = html.trim();
        var row = body.querySelector("tr");
        if (!row) { return; }
        row.classList.add("arrived");
        rows.insertBefore(row, rows.firstChild);
        var empty = document.getElementById("no-messages");
        if (empty) { empty.remove(); }
        status.textContent = status.getAttribute("data-new-label") + " " + data.sender;
      });
    });
  }

  // -- region picker --------------------------------------------------------------------------
  var picker = document.querySelector("fieldset.recipients");
  if (picker) {
    var update = function (region) {
      var boxes = region.querySelectorAll('input[type="checkbox"]');
      var ticked = region.querySelectorAll('input[type="checkbox"]:checked').length;
      var count = picker.querySelector('[data-region="' + region.id + '"]');
      if (count) { count.textContent = ticked ? "(" + ticked + "/" + boxes.length + ")" : ""; }
    };
    picker.querySelectorAll(".region-body").forEach(function (region) {
      var bar = document.createElement("div");
      bar.className = "row region-tools";
      [["data-select-all", true], ["data-clear-all", false]].forEach(function (pair) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = picker.getAttribute(pair[0]);
        button.addEventListener("click", function () {
          region.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
            box.checked = pair[1];
          });
          update(region);
        });
        bar.appendChild(button);
      });
      region.insertBefore(bar, region.firstChild);
      region.addEventListener("change", function () { update(region); });
      update(region);
    });
  }

  // -- attachments with progress --------------------------------------------------------------
  var input = document.getElementById("files");
  var list = document.getElementById("uploads");
  var help = document.getElementById("upload-help");
  if (input && list && help && window.XMLHttpRequest) {
    input.addEventListener("change", function () {
      Array.prototype.forEach.call(input.files, function (file) {
        var item = document.createElement("li");
        var label = document.createElement("span");
        label.textContent = help.getAttribute("data-uploading") + " " + file.name;
        var bar = document.createElement("progress");
        bar.max = 100;
        bar.value = 0;
        bar.setAttribute("aria-label", file.name);
        item.appendChild(label);
        item.appendChild(bar);
        list.appendChild(item);
        var xhr = new XMLHttpRequest();
        xhr.open("POST", "/console/messages/attachments");
        xhr.setRequestHeader("X-CSRF-Token", window.concordCsrf());
        xhr.setRequestHeader("X-Filename", encodeURIComponent(file.name));
        xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
        xhr.upload.addEventListener("progress", function (event) {
          if (event.lengthComputable) { bar.value = Math.round(100 * event.loaded / event.total); }
        });
        xhr.addEventListener("load", function () {
          if (xhr.status === 201) {
            var answer = JSON.parse(xhr.responseText);
            var hidden = document.createElement("input");
            hidden.type = "hidden";
            hidden.name = "attachment";
            hidden.value = answer.id;
            item.appendChild(hidden);
            bar.value = 100;
            label.textContent = file.name + ": " + help.getAttribute("data-done");
          } else {
            var detail = "";
            try { detail = JSON.parse(xhr.responseText).detail || ""; } catch (e) { detail = ""; }
            label.textContent = file.name + ": " + help.getAttribute("data-failed") + " " + detail;
            item.classList.add("field-error");
          }
        });
        xhr.send(file);
      });
      input.value = "";  // sent already: not again with the form
    });
  }
})();
