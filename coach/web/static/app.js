// The class view: draws each snapshot the server sends and animates the
// breath pacer and the timers from their deadlines, with no traffic between.
// Every piece of text goes in with textContent, never as markup.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const SMALL = 0.35; // pacer scale at the end of an exhale
  const LARGE = 1.0; // pacer scale at the end of an inhale
  let skew = 0; // server clock minus this browser's clock, in ms
  let shot = null; // the newest snapshot
  let ticking = null;

  const serverNow = () => Date.now() + skew;

  function setText(id, value) {
    const el = $(id);
    const text = value === null || value === undefined ? "" : String(value);
    el.textContent = text;
    el.hidden = text === "";
  }

  function clockText(seconds) {
    const whole = Math.max(0, Math.ceil(seconds - 1e-9));
    const h = Math.floor(whole / 3600);
    const m = Math.floor((whole % 3600) / 60);
    const s = whole % 60;
    const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
    return (h > 0 ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  function upText(seconds) {
    const whole = Math.max(0, Math.floor(seconds));
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  // ---- the step

  function drawItems(step) {
    const list = $("items");
    list.replaceChildren();
    const items = step.items || [];
    const checked = new Set(step.checked || []);
    items.forEach((text, i) => {
      const li = document.createElement("li");
      li.textContent = text;
      if (checked.has(i)) li.classList.add("checked");
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  function drawStep(step) {
    setText("title", step ? step.title : "");
    setText("safety", step && step.safety);
    setText("do", step && step.do);
    setText("question", step && step.question);
    setText("cue", step && step.cue);
    setText("why", step && step.why);
    if (step) drawItems(step);
    else $("items").hidden = true;
  }

  // ---- the dial

  function drawDial(hold) {
    const group = $("hours");
    group.replaceChildren();
    const positions = hold.positions;
    for (let hour = 1; hour <= 12; hour++) {
      const angle = (hour / 12) * 2 * Math.PI;
      const x = Math.sin(angle);
      const y = -Math.cos(angle);
      const at = positions.indexOf(hour);
      const mark = document.createElementNS(SVG, "circle");
      mark.setAttribute("cx", (x * 92).toFixed(1));
      mark.setAttribute("cy", (y * 92).toFixed(1));
      mark.setAttribute("r", at >= 0 ? "10" : "4");
      mark.classList.add("mark");
      if (at >= 0) mark.classList.add("pos");
      if (at >= 0 && at < hold.index) mark.classList.add("finished");
      if (hour === hold.hour) mark.classList.add("current");
      group.appendChild(mark);
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", (x * 66).toFixed(1));
      label.setAttribute("y", (y * 66).toFixed(1));
      label.textContent = String(hour);
      if (at >= 0) label.classList.add("pos");
      group.appendChild(label);
    }
    const angle = ((hold.hour % 12) / 12) * 2 * Math.PI;
    $("hand").setAttribute("x2", (Math.sin(angle) * 58).toFixed(1));
    $("hand").setAttribute("y2", (-Math.cos(angle) * 58).toFixed(1));
  }

  // ---- the pacer

  function scaleAt(phase, fraction) {
    if (phase === "inhale") return SMALL + (LARGE - SMALL) * fraction;
    if (phase === "exhale") return LARGE - (LARGE - SMALL) * fraction;
    return SMALL;
  }

  function drawPacer(hold) {
    const pacer = $("pacer");
    const disc = $("pacer-disc");
    pacer.className = "pacer " + (hold.phase || "done");
    disc.style.transition = "none";
    if (!hold.running || !hold.phase) {
      disc.style.transform = "scale(" + scaleAt(hold.phase, hold.fraction) + ")";
      return;
    }
    const span = Math.max(1, hold.phase_end_ms - hold.phase_start_ms);
    const now = serverNow();
    const fraction = Math.min(1, Math.max(0, (now - hold.phase_start_ms) / span));
    disc.style.transform = "scale(" + scaleAt(hold.phase, fraction) + ")";
    void disc.getBoundingClientRect(); // start the transition from here
    const left = Math.max(0, hold.phase_end_ms - now);
    disc.style.transition = "transform " + Math.round(left) + "ms linear";
    disc.style.transform = "scale(" + scaleAt(hold.phase, 1) + ")";
  }

  function phaseText(hold) {
    if (hold.done) return "Hold complete";
    if (hold.transition) {
      const next = hold.next_hour ? " to " + hold.next_hour + " o'clock" : "";
      return hold.between.charAt(0).toUpperCase() + hold.between.slice(1) + next;
    }
    if (hold.phase === "inhale") return "Breathe in";
    if (hold.phase === "exhale") return "Breathe out · press";
    if (hold.phase === "rest") return "Rest";
    return "";
  }

  function drawHold(hold) {
    $("hold").hidden = !hold;
    if (!hold) return;
    drawDial(hold);
    drawPacer(hold);
    $("phase").textContent = phaseText(hold);
    const at = hold.hour + " o'clock · " + hold.depth;
    $("breath").textContent = hold.transition || hold.done
      ? at
      : "Breath " + hold.breath + " of " + hold.breaths + " · " + at;
  }

  // ---- the timer (counted here, from deadlines)

  function timerSeconds(timer) {
    if (!timer.running) return timer.seconds;
    if (timer.mode === "up") return (serverNow() - timer.since_ms) / 1000;
    return (timer.deadline_ms - serverNow()) / 1000;
  }

  function drawTimer() {
    const el = $("timer");
    const timer = shot && shot.timer;
    if (!timer) {
      el.hidden = true;
      return;
    }
    const seconds = timerSeconds(timer);
    el.textContent = timer.mode === "up" ? upText(seconds) : clockText(seconds);
    el.classList.toggle("done", Boolean(timer.done));
    el.hidden = false;
  }

  function keepTicking(on) {
    if (on && ticking === null) ticking = setInterval(drawTimer, 200);
    if (!on && ticking !== null) {
      clearInterval(ticking);
      ticking = null;
    }
  }

  // ---- a snapshot

  function drawBanner(state, message) {
    const el = $("banner");
    el.className = state;
    el.textContent = message || "";
  }

  function draw(next) {
    shot = next;
    drawBanner(next.state, next.message);
    const hasSession = next.state === "live" || next.state === "ended" || next.state === "stopped";
    $("main").hidden = !hasSession || !next.step;
    $("lesson").textContent = hasSession ? next.lesson : "";
    $("where").textContent =
      hasSession && next.number ? next.section + " · " + next.number + " of " + next.count : "";
    drawStep(hasSession ? next.step : null);
    setText("say", hasSession ? next.say : "");
    drawHold(hasSession ? next.hold : null);
    drawTimer();
    const reminders = $("reminders");
    reminders.replaceChildren();
    for (const text of (hasSession && next.reminders) || []) {
      const li = document.createElement("li");
      li.textContent = text;
      reminders.appendChild(li);
    }
    reminders.hidden = reminders.childElementCount === 0;
    const running = Boolean(next.timer && next.timer.running);
    keepTicking(running);
    document.title = hasSession && next.step ? next.step.title + " · coach" : "coach · class view";
  }

  // ---- the stream

  function connect() {
    const stream = new EventSource("/events");
    stream.addEventListener("clock", (event) => {
      skew = JSON.parse(event.data).server_ms - Date.now();
    });
    stream.onmessage = (event) => {
      $("conn").textContent = "";
      draw(JSON.parse(event.data));
    };
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED) {
        $("conn").textContent =
          "The class view refused this page (it may be full, or the link is old). Reload to try again.";
      } else {
        $("conn").textContent = "Reconnecting to the instructor's coach…";
      }
    };
  }

  connect();
})();
