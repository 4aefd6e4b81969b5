// Drag-and-drop evidence upload with a progress bar per file (XMLHttpRequest reports upload progress).
(function () {
  "use strict";

  function row(list, name) {
    var li = document.createElement("li");
    var label = document.createElement("span");
    label.textContent = name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var status = document.createElement("span");
    status.textContent = "waiting";
    li.append(label, bar, status);
    list.append(li);
    return { bar: bar, status: status };
  }

  function send(form, file, view) {
    return new Promise(function (resolve) {
      var data = new FormData(form);
      data.delete("file");
      data.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          view.bar.value = Math.round((event.loaded / event.total) * 100);
          view.status.textContent = view.bar.value + "% sent";
        }
      });
      xhr.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = { detail: "the server answered " + xhr.status }; }
        if (xhr.status === 201) {
          view.bar.value = 100;
          var stored = body.files[0];
          var link = document.createElement("a");
          link.href = stored.url;
          link.textContent = "stored ✔ " + stored.sha256.slice(0, 12) + "…";
          view.status.className = "ok";
          view.status.replaceChildren(link);
        } else {
          view.status.className = "error";
          view.status.textContent = body.detail || "refused (" + xhr.status + ")";
        }
        resolve(xhr.status === 201);
      });
      xhr.addEventListener("error", function () {
        view.status.className = "error";
        view.status.textContent = "network error";
        resolve(false);
      });
      xhr.send(data);
    });
  }

  function wire(zone) {
    var form = zone.closest("form");
    var input = zone.querySelector("input[type=file]");
    var list = document.getElementById(zone.dataset.progress);
    var folder = form.querySelector("[name=folder]");

    async function upload(files) {
      if (!files.length) return;
      if (!folder.value.trim()) {
        folder.focus();
        folder.setAttribute("aria-invalid", "true");
        return;
      }
      folder.removeAttribute("aria-invalid");
      var views = files.map(function (f) { return row(list, f.name); });
      var allStored = true;
      for (var i = 0; i < files.length; i++) {
        allStored = (await send(form, files[i], views[i])) && allStored;
      }
      input.value = "";
      if (allStored) {
        list.querySelectorAll("li.show-folder").forEach(function (li) { li.remove(); });
        var refresh = document.createElement("li");
        var link = document.createElement("a");
        link.href = "/evidence/" + folder.value.trim().replace(/^\/+|\/+$/g, "") + "/";
        link.textContent = "Show the folder";
        refresh.className = "show-folder";
        refresh.append(link);
        list.append(refresh);
      }
    }

    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) { upload(Array.from(event.dataTransfer.files)); });
    input.addEventListener("change", function () { upload(Array.from(input.files)); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-dropzone]").forEach(wire);
  });
})();
