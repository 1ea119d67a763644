// The upload page without a framework: drop files on the zone, send them, follow the analysis,
// then open the report. Without JavaScript the form posts as is and the server answers with
// the report once it is ready.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("envoi");
  const input = document.getElementById("fichiers");
  const zone = document.getElementById("depot");
  const chosen = document.getElementById("choisis");
  const alert = document.getElementById("alerte");
  const follow = document.getElementById("suivi");
  const state = document.getElementById("etat");
  const bar = document.getElementById("avancement");
  const button = document.getElementById("analyser");
  if (!form) return;

  const plural = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`;

  function listChosen() {
    chosen.replaceChildren(...Array.from(input.files, (file) => {
      const item = document.createElement("li");
      item.textContent = file.name;
      return item;
    }));
  }

  function showError(message) {
    const line = document.createElement("p");
    line.textContent = message;
    alert.replaceChildren(line);
    alert.hidden = false;
    follow.hidden = true;
    button.disabled = false;
  }

  function progress(message, done, total) {
    follow.hidden = false;
    state.textContent = message;
    bar.max = Math.max(total, 1);
    bar.value = done;
  }

  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("over");
    });
  }
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  // A file dropped beside the zone is taken as well, instead of the browser leaving the page to show it.
  document.addEventListener("dragover", (event) => event.preventDefault());
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      listChosen();
    }
  });
  input.addEventListener("change", listChosen);

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function follow_job(job) {
    for (;;) {
      const answer = await fetch(job.suivi, { headers: { Accept: "application/json" } });
      if (!answer.ok) throw new Error(`le suivi de l'analyse a échoué (erreur ${answer.status})`);
      const now = await answer.json();
      if (now.termine) return;
      progress(`Analyse en cours : ${now.fait} sur ${plural(now.total, "contrat")} analysé(s)…`, now.fait, now.total);
      await pause(400);
    }
  }

  form.addEventListener("submit", async (event) => {
    if (!window.fetch || !input.files.length) return; // the browser's own form post, or its "required" message
    event.preventDefault();
    alert.hidden = true;
    button.disabled = true;
    const total = input.files.length;
    progress(`Envoi de ${plural(total, "fichier")}…`, 0, total);
    try {
      const answer = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
      });
      const body = await answer.json().catch(() => null);
      if (!answer.ok || !body) {
        showError((body && body.message) || `Le serveur a refusé l'envoi (erreur ${answer.status}).`);
        return;
      }
      await follow_job(body);
      progress("Analyse terminée : ouverture du rapport…", total, total);
      window.location.assign(body.rapport);
    } catch (error) {
      showError(`Le serveur clausecheck ne répond pas : vérifiez qu'il tourne toujours, puis réessayez (${error.message}).`);
    }
  });
});
