// "Be the scheduler": the reader picks which thread takes the next step of a race, as a
// scheduler would, and sees where it ends. `{{#scheduler CRATE/MODEL}}` leaves an empty
// <div class="scheduler" data-model="CRATE/MODEL" data-spec='JSON'> on the page
// (code/listing-check/src/figures.rs, scheduler_html); this script fills it in. With scripts
// off the div stays empty and the outcome set above it says what can happen.
//
// The model's action language is interpreted here EXACTLY as code/listing-check/src/stepper.rs
// interprets it (its table of `do` actions, `enabled`, `step`, `outcome`): keep the two in
// lockstep. The browser check (xtask/src/browser/scheduler.rs) plays, for every stepper and
// every outcome in its set, a schedule that stepper.rs computed, by clicking the buttons
// below, and checks that this script reaches the same outcome.
//
// The page contract, which that check drives:
//   - each actor is a <button data-thread="NAME">: a thread by its name, a thread's store
//     buffer by the thread's name and spec.buffer_suffix; it takes the actor's next step and is
//     disabled when the actor cannot move;
//   - <button data-reset> starts over, <button data-undo> takes the last step back;
//   - once nothing can move, the root has data-outcome="OUTCOME" (one of spec.possible as
//     written in the outcomes file, or "deadlock"); Reset and Undo remove it.
(function beTheScheduler() {
    'use strict';

    // ---- The interpreter: stepper.rs, function for function. ----

    const OPERATORS = ['+', '-', '>=', '>', '<=', '<', '=='];

    // Action::parse: the same patterns, tried in the same order.
    function parseAction(text) {
        const words = text.split(/\s+/).filter((w) => w !== '');
        if (words.length === 2 && words[0] === 'lock') return { kind: 'lock', name: words[1] };
        if (words.length === 2 && words[0] === 'unlock') return { kind: 'unlock', name: words[1] };
        if (words.length === 2 && words[0] === 'end-unless') return { kind: 'end-unless', name: words[1] };
        if (words[0] === 'log') return { kind: 'log', text: text.trim().slice('log'.length).trim() };
        if (words.length >= 3 && words[0] === 'buffer' && words[2] === '=') {
            return { kind: 'buffer', name: words[1], expr: parseExpr(words.slice(3), text) };
        }
        if (words.length >= 2 && words[1] === '=') {
            return { kind: 'assign', name: words[0], expr: parseExpr(words.slice(2), text) };
        }
        throw new Error(`\`${text}\` is not an action`);
    }

    // Expr::parse: a term, or `a OP b`.
    function parseExpr(words, text) {
        if (words.length === 1) return { terms: [words[0]] };
        if (words.length === 3 && OPERATORS.includes(words[1])) {
            return { terms: [words[0], words[2]], op: words[1] };
        }
        throw new Error(`\`${text}\`: an expression is a term, or \`a OP b\``);
    }

    // Expr::eval: an integer; else the thread's local; else the newest store to the name in
    // the thread's own store buffer; else memory (0 if nothing was ever stored there).
    function evaluate(expr, state, t) {
        const term = (word) => {
            if (/^[+-]?[0-9]+$/.test(word)) return parseInt(word, 10);
            if (state.locals[t].has(word)) return state.locals[t].get(word);
            const buffered = state.buffers[t].filter(([name]) => name === word);
            if (buffered.length > 0) return buffered[buffered.length - 1][1];
            return state.memory.has(word) ? state.memory.get(word) : 0;
        };
        if (!expr.op) return term(expr.terms[0]);
        const [a, b] = expr.terms.map(term);
        switch (expr.op) {
            case '+': return a + b;
            case '-': return a - b; // SUBTRACT (the browser self-test breaks this line)
            case '>=': return a >= b ? 1 : 0;
            case '>': return a > b ? 1 : 0;
            case '<=': return a <= b ? 1 : 0;
            case '<': return a < b ? 1 : 0;
            default: return a === b ? 1 : 0;
        }
    }

    function mapOf(object) {
        return new Map(Object.keys(object || {}).sort().map((k) => [k, object[k]]));
    }

    // Model::start.
    function start(spec) {
        return {
            memory: mapOf(spec.shared),
            locals: spec.threads.map((t) => mapOf(t.locals)),
            next: spec.threads.map(() => 0),
            buffers: spec.threads.map(() => []),
            locks: new Map(),
            log: [],
        };
    }

    function copy(state) {
        return {
            memory: new Map(state.memory),
            locals: state.locals.map((l) => new Map(l)),
            next: state.next.slice(),
            buffers: state.buffers.map((b) => b.map((s) => s.slice())),
            locks: new Map(state.locks),
            log: state.log.slice(),
        };
    }

    // Model::enabled: threads first, in the model's order, then the non-empty store buffers.
    // An actor is { kind: 'thread' | 'buffer', t }.
    function enabled(spec, state) {
        const actors = [];
        spec.threads.forEach((thread, t) => {
            const step = thread.steps[state.next[t]];
            if (!step) return;
            const action = step.action;
            const blocked = action.kind === 'lock'
                && state.locks.has(action.name) && state.locks.get(action.name) !== t;
            if (!blocked) actors.push({ kind: 'thread', t });
        });
        state.buffers.forEach((buffer, t) => {
            if (buffer.length > 0) actors.push({ kind: 'buffer', t });
        });
        return actors;
    }

    // Model::step: the state after `actor` takes its step.
    function step(spec, old, actor) {
        const state = copy(old);
        const t = actor.t;
        if (actor.kind === 'buffer') {
            const [name, value] = state.buffers[t].shift();
            state.memory.set(name, value);
            return state;
        }
        const thread = spec.threads[t];
        const action = thread.steps[state.next[t]].action;
        state.next[t] += 1;
        switch (action.kind) {
            case 'assign': {
                const value = evaluate(action.expr, state, t);
                if (state.locals[t].has(action.name)) state.locals[t].set(action.name, value);
                else state.memory.set(action.name, value);
                break;
            }
            case 'buffer':
                state.buffers[t].push([action.name, evaluate(action.expr, state, t)]);
                break;
            case 'lock':
                state.locks.set(action.name, t);
                break;
            case 'unlock':
                state.locks.delete(action.name);
                break;
            case 'end-unless': {
                const value = state.locals[t].has(action.name) ? state.locals[t].get(action.name) : 0;
                if (value === 0) state.next[t] = thread.steps.length;
                break;
            }
            default:
                state.log.push(action.text);
        }
        return state;
    }

    // Model::outcome: "deadlock" if a thread has steps left, else the template filled in
    // ({log} first, then the shared variables, then each thread's locals, names in order).
    function outcome(spec, state) {
        if (spec.threads.some((thread, t) => state.next[t] < thread.steps.length)) return 'deadlock';
        let text = spec.outcome.split('{log}').join(state.log.join(' → '));
        const fill = (map) => {
            [...map.keys()].sort().forEach((name) => {
                text = text.split(`{${name}}`).join(String(map.get(name)));
            });
        };
        fill(state.memory);
        state.locals.forEach(fill);
        return text;
    }

    // ---- The page. ----

    const runs = (n) => n.toLocaleString('en-US');

    function element(tag, attributes, ...children) {
        const node = document.createElement(tag);
        Object.entries(attributes || {}).forEach(([key, value]) => {
            if (key === 'class') node.className = value;
            else node.setAttribute(key, value);
        });
        children.forEach((child) => {
            if (child !== null && child !== undefined) {
                node.append(typeof child === 'string' ? document.createTextNode(child) : child);
            }
        });
        return node;
    }

    // Text with `code spans` (the outcomes file's words), as nodes.
    const withCode = (text) => text.split('`').map((piece, i) => (i % 2 ? element('code', {}, piece) : piece));

    const values = (map) => [...map.entries()].map(([name, value]) => `${name} = ${value}`).join(', ');

    function setUp(root) {
        const spec = JSON.parse(root.dataset.spec);
        spec.threads.forEach((thread) => {
            thread.steps.forEach((s) => { s.action = parseAction(s.do); });
            thread.buffered = thread.steps.some((s) => s.action.kind === 'buffer');
        });
        const usesLog = spec.threads.some((t) => t.steps.some((s) => s.action.kind === 'log'));
        const usesLocks = spec.threads.some((t) => t.steps.some((s) => s.action.kind === 'lock'));
        const actorName = (actor) => spec.threads[actor.t].name
            + (actor.kind === 'buffer' ? spec.buffer_suffix : '');

        let state = start(spec);
        let history = []; // [{ state before, actor, what it did }]

        root.textContent = '';
        root.append(
            element('p', { class: 'scheduler-intro' },
                element('strong', {}, 'Be the scheduler: '), ...withCode(`${spec.what}. `),
                'Pick which thread takes its next step; each step is one line of the listing, '
                + 'or one part of it. ',
                element('strong', {}, 'Challenge: '), spec.challenge),
        );
        const columns = element('div', { class: 'scheduler-threads' });
        const views = spec.threads.map((thread, t) => {
            const steps = element('ol', { class: 'scheduler-steps' });
            const lines = thread.steps.map((s) => {
                const item = element('li', {}, element('code', {}, s.code),
                    s.note ? element('span', { class: 'scheduler-note' }, s.note) : null);
                steps.append(item);
                return item;
            });
            const status = element('p', { class: 'scheduler-thread-status' });
            const locals = element('p', { class: 'scheduler-locals' });
            const button = element('button', { type: 'button', 'data-thread': thread.name },
                `Step ${thread.name}`);
            const column = element('div', { class: 'scheduler-thread', role: 'group', 'aria-label': thread.name },
                element('p', { class: 'scheduler-thread-name' }, thread.name),
                steps, locals, status, button);
            let buffer = null;
            let drain = null;
            if (thread.buffered) {
                const name = thread.name + spec.buffer_suffix;
                buffer = element('p', { class: 'scheduler-buffer' });
                drain = element('button', { type: 'button', 'data-thread': name },
                    `Drain ${name}`);
                column.append(buffer, drain);
            }
            columns.append(column);
            return { lines, status, locals, button, buffer, drain };
        });
        const memory = element('p', {});
        const locks = element('p', {});
        const log = element('p', {});
        const shared = element('div', { class: 'scheduler-shared' }, memory,
            usesLocks ? locks : null, usesLog ? log : null);
        const undo = element('button', { type: 'button', 'data-undo': '' }, 'Undo');
        const reset = element('button', { type: 'button', 'data-reset': '' }, 'Reset');
        const announce = element('p', { class: 'scheduler-announce', 'aria-live': 'polite' });
        const result = element('div', { class: 'scheduler-result' });
        const taken = element('ol', { class: 'scheduler-history' });
        const takenSummary = element('summary', {}, 'Steps taken');
        root.append(columns, shared,
            element('div', { class: 'scheduler-controls' }, undo, reset),
            announce, result,
            element('details', { class: 'scheduler-taken' }, takenSummary, taken));

        function render() {
            const moves = enabled(spec, state);
            const can = (kind, t) => moves.some((a) => a.kind === kind && a.t === t);
            const ran = spec.threads.map((_, t) => history.filter((h) => h.actor.kind === 'thread' && h.actor.t === t).length);
            spec.threads.forEach((thread, t) => {
                const view = views[t];
                const next = state.next[t];
                view.lines.forEach((line, i) => {
                    line.className = i < ran[t] ? 'scheduler-done'
                        : i === next ? 'scheduler-next'
                            : next >= thread.steps.length ? 'scheduler-skipped' : '';
                    if (i === next) line.setAttribute('aria-current', 'step');
                    else line.removeAttribute('aria-current');
                });
                view.locals.textContent = state.locals[t].size ? `Locals: ${values(state.locals[t])}` : '';
                view.locals.hidden = state.locals[t].size === 0;
                let status = '';
                if (next >= thread.steps.length) {
                    status = ran[t] < thread.steps.length ? 'Finished early (returned).' : 'Finished.';
                } else if (!can('thread', t)) {
                    const lock = thread.steps[next].action.name;
                    status = `Waits for ${lock}, which ${spec.threads[state.locks.get(lock)].name} holds.`;
                }
                view.status.textContent = status;
                view.status.hidden = status === '';
                view.button.disabled = !can('thread', t);
                if (view.buffer) {
                    const pending = state.buffers[t].map(([name, value]) => `${name} = ${value}`);
                    view.buffer.textContent = `Store buffer (oldest first): ${pending.length ? pending.join(', ') : 'empty'}`;
                    view.drain.disabled = !can('buffer', t);
                }
            });
            memory.textContent = `Shared memory: ${values(state.memory) || 'nothing'}`;
            const held = [...state.locks.entries()].map(([lock, t]) => `${lock} (held by ${spec.threads[t].name})`);
            locks.textContent = `Locks held: ${held.length ? held.join(', ') : 'none'}`;
            log.textContent = `Log: ${state.log.length ? state.log.join(' → ') : 'nothing yet'}`;
            undo.disabled = history.length === 0;
            taken.textContent = '';
            history.forEach((h) => taken.append(element('li', {}, h.what)));
            takenSummary.textContent = `Steps taken (${history.length})`;

            result.textContent = '';
            if (moves.length > 0) {
                delete root.dataset.outcome;
                result.hidden = true;
                return '';
            }
            const reached = outcome(spec, state);
            root.dataset.outcome = reached;
            result.hidden = false;
            const possible = spec.possible.includes(reached);
            const seen = (spec.observed.find(([o]) => o === reached) || [reached, 0])[1];
            const set = spec.possible.join('; ');
            const where = possible
                ? `It is one of the ${spec.possible.length} possible outcomes (enumerated by ${spec.checker}): ${set}.`
                : `It is NOT one of the ${spec.possible.length} possible outcomes (enumerated by ${spec.checker}): ${set}. The stepper and the model disagree.`;
            const often = !possible ? ''
                : seen > 0 ? `The real program: observed ${runs(seen)} of ${runs(spec.runs)} runs.`
                    : `The real program: never observed in ${runs(spec.runs)} runs, but possible.`;
            result.append(
                element('p', {}, element('strong', {}, 'Outcome: '), element('code', {}, reached),
                    reached === 'deadlock' ? ' (every thread that has steps left waits for a lock another holds).' : '.'),
                element('p', {}, where),
                often ? element('p', {}, often) : null);
            return `No thread can move. Outcome: ${reached}. ${possible ? often : where}`;
        }

        function describe(actor, before) {
            const name = actorName(actor);
            if (actor.kind === 'buffer') {
                const [variable, value] = before.buffers[actor.t][0];
                return `${name}: ${variable} = ${value} reaches memory`;
            }
            const s = spec.threads[actor.t].steps[before.next[actor.t]];
            return `${name}: ${s.code}${s.note ? ` (${s.note})` : ''}`;
        }

        // After a click, keep the keyboard's place: if the clicked button can no longer be
        // used, focus the next one that can (or Undo).
        function keepFocus(button) {
            if (!button.disabled) return;
            const buttons = [...root.querySelectorAll('button[data-thread]')];
            const from = buttons.indexOf(button);
            const after = buttons.slice(from + 1).concat(buttons.slice(0, from));
            (after.find((b) => !b.disabled) || undo).focus();
        }

        function move(actor, button) {
            if (!enabled(spec, state).some((a) => a.kind === actor.kind && a.t === actor.t)) return;
            const what = describe(actor, state);
            history.push({ state, actor, what });
            state = step(spec, state, actor);
            const end = render();
            announce.textContent = end ? `${what}. ${end}` : `${what}.`;
            keepFocus(button);
        }

        views.forEach((view, t) => {
            view.button.addEventListener('click', () => move({ kind: 'thread', t }, view.button));
            if (view.drain) view.drain.addEventListener('click', () => move({ kind: 'buffer', t }, view.drain));
        });
        undo.addEventListener('click', () => {
            const last = history.pop();
            if (!last) return;
            state = last.state;
            render();
            announce.textContent = `Undone: ${last.what}.`;
            if (undo.disabled) reset.focus();
        });
        reset.addEventListener('click', () => {
            state = start(spec);
            history = [];
            render();
            announce.textContent = 'Back to the start: no step taken.';
        });
        render();
        root.classList.add('scheduler-ready');
    }

    function setUpAll() {
        document.querySelectorAll('div.scheduler[data-spec]').forEach((root) => {
            try {
                setUp(root);
            } catch (error) {
                root.textContent = '';
                console.error(`scheduler ${root.dataset.model}: ${error.message}`);
            }
        });
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', setUpAll);
    } else {
        setUpAll();
    }
}());
