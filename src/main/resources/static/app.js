// The board and the live change feed. The board is loaded once over the REST API and then kept
// current by the same server-sent events that fill the feed, so every open window stays in sync.
import { api, ApiError, el, showProblem, clearProblem, formatTime, today } from './api.js';

const VERBS = { 'In Progress': 'Start', completed: 'Complete' };
const MAX_FEED_ENTRIES = 100;

const state = {
	statuses: [],
	defaultStatus: null,
	todos: new Map(),
	feedEntries: new Map(),
	lastEventId: null,
	source: null,
	feedOpen: false,
	consumerReady: false,
};

const board = document.getElementById('board');
const problem = document.getElementById('problem');
const feed = document.getElementById('feed');
const feedStatus = document.getElementById('feed-status');
const feedEmpty = document.getElementById('feed-empty');

init().catch((error) => showProblem(problem, error, [{ label: 'Try again', run: () => window.location.reload() }]));

async function init() {
	const { data } = await api('/api/statuses');
	state.statuses = data.statuses;
	state.defaultStatus = data.defaultStatus;
	buildColumns();
	document.getElementById('create-form').addEventListener('submit', onCreate);
	// the feed's position is taken before the board is read, so no change falls between the two
	const recent = await api('/api/changes/recent?limit=30');
	state.lastEventId = String(recent.data.lastEventId);
	recent.data.items.forEach((change) => addFeedEntry(change));
	await loadBoard();
	connectFeed();
	waitForConsumer();
}

// ---- board ----

function buildColumns() {
	board.replaceChildren(...state.statuses.map((status, index) => el('section', {
		className: 'column', dataset: { status }, 'aria-labelledby': `column-${index}`,
	},
	el('h2', { id: `column-${index}` }, status, ' ', el('span', { className: 'count', 'aria-label': 'items' }, '0')),
	el('ul', { className: 'cards' }))));
}

async function loadBoard() {
	board.setAttribute('aria-busy', 'true');
	let todos = [];
	let cursor = null;
	let restarted = false;
	for (let page = 0; page < 50; page++) {
		const query = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : '?limit=100';
		let data;
		try {
			({ data } = await api(`/api/todos${query}`));
		}
		catch (error) {
			// the cursor keys were rotated (or another instance has other keys): list again from the start, once
			if (!restarted && cursor && error instanceof ApiError && error.problem.restartListing === true) {
				restarted = true;
				todos = [];
				cursor = null;
				page = -1;
				continue;
			}
			throw error;
		}
		todos.push(...data.items);
		cursor = data.nextCursor;
		if (!cursor) {
			break;
		}
	}
	state.todos.clear();
	board.querySelectorAll('.cards').forEach((list) => list.replaceChildren());
	todos.forEach((todo) => upsert(todo));
	board.setAttribute('aria-busy', 'false');
	board.dataset.loaded = 'true';
}

function column(status) {
	return [...board.querySelectorAll('.column')].find((section) => section.dataset.status === status);
}

function cardId(todoId) {
	return `todo-${todoId}`;
}

function upsert(todo, { flash = false, keepEdit = true } = {}) {
	state.todos.set(todo.todoId, todo);
	const previous = document.getElementById(cardId(todo.todoId));
	const focused = previous && previous.contains(document.activeElement) ? document.activeElement : null;
	// an edit in progress survives live updates; its form keeps the version it started from, so saving it
	// after someone else's change is refused (412) instead of silently overwriting that change
	const openForm = keepEdit && previous && !previous.querySelector('.edit-form').hidden ? previous.querySelector('.edit-form') : null;
	const card = renderCard(todo);
	if (openForm) {
		card.querySelector('.edit-form').replaceWith(openForm);
		card.querySelector('[data-action="edit"]').setAttribute('aria-expanded', 'true');
	}
	previous?.remove();
	const target = column(todo.status) || column(state.defaultStatus);
	const list = target.querySelector('.cards');
	const after = [...list.children].find((other) => compareTodos(todo, state.todos.get(other.dataset.todoId)) < 0);
	list.insertBefore(card, after || null);
	if (flash) {
		card.classList.add('flash');
	}
	if (focused) {
		const again = card.contains(focused) ? focused
			: (focused.dataset.action && card.querySelector(`[data-action="${focused.dataset.action}"]`)) || card.querySelector('button');
		again?.focus();
	}
	updateCounts();
}

function remove(todoId) {
	state.todos.delete(todoId);
	document.getElementById(cardId(todoId))?.remove();
	updateCounts();
}

function compareTodos(a, b) {
	if (!b) {
		return -1;
	}
	const dueA = a.dueDate || '9999-12-31';
	const dueB = b.dueDate || '9999-12-31';
	return dueA === dueB ? a.todoId.localeCompare(b.todoId, undefined, { numeric: true }) : dueA.localeCompare(dueB);
}

function updateCounts() {
	board.querySelectorAll('.column').forEach((section) => {
		section.querySelector('.count').textContent = String(section.querySelectorAll('.card').length);
	});
}

function isOverdue(todo) {
	const done = todo.status === state.statuses[state.statuses.length - 1];
	return Boolean(todo.dueDate) && !done && todo.dueDate < today();
}

function renderCard(todo) {
	const index = state.statuses.indexOf(todo.status);
	const next = state.statuses[index + 1];
	const previous = index > 0 ? state.statuses[index - 1] : null;
	const overdue = isOverdue(todo);
	const headingId = `task-${todo.todoId}`;
	const actions = [];
	if (next) {
		actions.push(el('button', {
			type: 'button', className: 'primary', dataset: { action: 'forward', to: next },
			'aria-label': `${VERBS[next] || `Move to ${next}`}: ${todo.task}`,
			onclick: () => changeStatus(todo.todoId, next),
		}, VERBS[next] || `Move to ${next}`));
	}
	if (previous) {
		actions.push(el('button', {
			type: 'button', dataset: { action: 'back', to: previous },
			'aria-label': `Back to ${previous}: ${todo.task}`,
			onclick: () => changeStatus(todo.todoId, previous),
		}, `Back to ${previous}`));
	}
	actions.push(el('button', {
		type: 'button', dataset: { action: 'edit' }, 'aria-label': `Edit: ${todo.task}`, 'aria-expanded': 'false',
		onclick: (event) => toggleEdit(event.currentTarget.closest('.card'), true),
	}, 'Edit'));
	actions.push(el('button', {
		type: 'button', className: 'danger', dataset: { action: 'delete' }, 'aria-label': `Delete: ${todo.task}`,
		onclick: () => deleteTodo(todo.todoId),
	}, 'Delete'));
	return el('li', {
		id: cardId(todo.todoId), className: overdue ? 'card overdue' : 'card',
		dataset: { todoId: todo.todoId, status: todo.status, version: String(todo.version) },
		'aria-labelledby': headingId,
	},
	el('p', { className: 'card-meta' },
		el('span', { className: 'todo-id' }, todo.todoId),
		overdue ? el('span', { className: 'badge overdue-badge' }, 'Overdue') : null),
	el('h3', { id: headingId, className: 'task' }, todo.task),
	todo.dueDate ? el('p', { className: 'due' }, 'Due ', el('time', { datetime: todo.dueDate }, todo.dueDate)) : null,
	el('div', { className: 'actions' }, actions),
	editForm(todo));
}

function editForm(todo) {
	const taskId = `edit-task-${todo.todoId}`;
	const dueId = `edit-due-${todo.todoId}`;
	return el('form', {
		className: 'edit-form', hidden: true, novalidate: true,
		onsubmit: (event) => {
			event.preventDefault();
			const form = event.currentTarget;
			saveEdit(todo.todoId, form.elements.task.value, form.elements.dueDate.value, form.dataset.version);
		},
		onkeydown: (event) => {
			if (event.key === 'Escape') {
				toggleEdit(event.currentTarget.closest('.card'), false);
			}
		},
	},
	el('label', { for: taskId }, 'Task'),
	el('input', { id: taskId, name: 'task', value: todo.task, autocomplete: 'off' }),
	el('label', { for: dueId }, 'Due date'),
	el('input', { id: dueId, name: 'dueDate', type: 'date', value: todo.dueDate || '' }),
	el('div', { className: 'actions' },
		el('button', { type: 'submit', className: 'primary' }, 'Save'),
		el('button', { type: 'button', onclick: (event) => toggleEdit(event.currentTarget.closest('.card'), false) }, 'Cancel')));
}

function toggleEdit(card, open) {
	const form = card.querySelector('.edit-form');
	const editButton = card.querySelector('[data-action="edit"]');
	form.hidden = !open;
	editButton.setAttribute('aria-expanded', String(open));
	if (open) {
		const todo = state.todos.get(card.dataset.todoId);
		form.dataset.version = String(todo.version);
		form.elements.task.value = todo.task;
		form.elements.dueDate.value = todo.dueDate || '';
		form.elements.task.focus();
	}
	else {
		editButton.focus();
	}
}

async function onCreate(event) {
	event.preventDefault();
	const form = event.currentTarget;
	const button = form.querySelector('button[type="submit"]');
	const body = { task: form.elements.task.value };
	if (form.elements.dueDate.value) {
		body.dueDate = form.elements.dueDate.value;
	}
	button.disabled = true;
	try {
		const { data } = await api('/api/todos', { method: 'POST', body });
		clearProblem(problem);
		markInvalid(form, []);
		upsert(data);
		form.reset();
		form.elements.task.focus();
	}
	catch (error) {
		showProblem(problem, error);
		const fields = error instanceof ApiError && Array.isArray(error.problem.errors) ? error.problem.errors.map((e) => e.field) : [];
		markInvalid(form, fields);
	}
	finally {
		button.disabled = false;
	}
}

/** Marks the fields a problem names as invalid and moves focus to the first of them. */
function markInvalid(form, fields) {
	let first = null;
	for (const input of form.querySelectorAll('input')) {
		const invalid = fields.includes(input.name);
		input.setAttribute('aria-invalid', String(invalid));
		first = first || (invalid ? input : null);
	}
	first?.focus();
}

async function changeStatus(todoId, status) {
	await write(todoId, { method: 'PATCH', body: { status }, contentType: 'application/merge-patch+json' });
}

async function saveEdit(todoId, task, dueDate, version) {
	const saved = await write(todoId, { method: 'PATCH', body: { task, dueDate: dueDate || null }, contentType: 'application/merge-patch+json' }, version);
	if (saved) {
		document.getElementById(cardId(todoId))?.querySelector('[data-action="edit"]')?.focus();
	}
}

async function deleteTodo(todoId) {
	const todo = state.todos.get(todoId);
	if (!todo || !window.confirm(`Delete ${todoId} “${todo.task}”?`)) {
		return;
	}
	await write(todoId, { method: 'DELETE' });
}

/**
 * A conditional write with the version this window knows (or the one an edit started from); a 412 offers to
 * reload the todo. Returns whether it succeeded.
 */
async function write(todoId, request, version) {
	const todo = state.todos.get(todoId);
	if (!todo) {
		return false;
	}
	const card = document.getElementById(cardId(todoId));
	card?.querySelectorAll('button').forEach((button) => { button.disabled = true; });
	try {
		const { data } = await api(`/api/todos/${encodeURIComponent(todoId)}`, { ...request, ifMatch: `"${version || todo.version}"` });
		clearProblem(problem);
		if (request.method === 'DELETE') {
			remove(todoId);
		}
		else {
			upsert(data, { keepEdit: false });
		}
		return true;
	}
	catch (error) {
		card?.querySelectorAll('button').forEach((button) => { button.disabled = false; });
		if (error instanceof ApiError && error.status === 412) {
			showProblem(problem, new ApiError(412, {
				...error.problem,
				title: 'Changed elsewhere',
				detail: `${todoId} was changed by someone else since you loaded it. Reload it to see the latest version, then try again.`,
			}), [{ label: `Reload ${todoId}`, run: () => reloadTodo(todoId) }]);
		}
		else if (error instanceof ApiError && error.status === 404) {
			remove(todoId);
			showProblem(problem, error);
		}
		else {
			showProblem(problem, error);
		}
		return false;
	}
}

async function reloadTodo(todoId) {
	try {
		const { data } = await api(`/api/todos/${encodeURIComponent(todoId)}`);
		upsert(data, { flash: true, keepEdit: false });
		document.getElementById(cardId(todoId))?.querySelector('button')?.focus();
	}
	catch (error) {
		if (error instanceof ApiError && error.status === 404) {
			remove(todoId);
		}
		showProblem(problem, error);
	}
}

// ---- live feed ----

function connectFeed() {
	const url = state.lastEventId ? `/api/changes?lastEventId=${encodeURIComponent(state.lastEventId)}` : '/api/changes';
	const source = new EventSource(url);
	state.source = source;
	source.addEventListener('open', () => {
		state.feedOpen = true;
		showFeedState();
	});
	source.addEventListener('error', () => {
		state.feedOpen = false;
		if (source.readyState === EventSource.CLOSED) {
			// the browser gave up (e.g. the server answered with an error): try again ourselves
			setFeedState('offline', 'Disconnected; retrying…');
			window.setTimeout(connectFeed, 3000);
		}
		else {
			setFeedState('connecting', 'Reconnecting…');
		}
	});
	source.addEventListener('change', (message) => {
		state.lastEventId = message.lastEventId;
		const change = JSON.parse(message.data);
		addFeedEntry(change);
		applyToBoard(change);
	});
	source.addEventListener('deliveries', (message) => {
		state.lastEventId = message.lastEventId;
		addFeedEntry(JSON.parse(message.data));
	});
	source.addEventListener('reset', (message) => {
		state.lastEventId = message.lastEventId;
		loadBoard().catch((error) => showProblem(problem, error));
	});
}

// The service answers before its stream consumer holds its leases; until the readiness probe says UP no change
// would reach the feed, so the page keeps saying "connecting" (the probe answers 503 until then).
async function waitForConsumer() {
	for (;;) {
		try {
			const response = await fetch('/actuator/health/readiness', { headers: { Accept: 'application/json' } });
			if (response.status !== 503) {
				// UP, or no readiness probe to ask (not exposed here): the feed connection alone decides
				break;
			}
		}
		catch (error) {
			// not answering (restarting): ask again
		}
		await new Promise((resolve) => window.setTimeout(resolve, 500));
	}
	state.consumerReady = true;
	showFeedState();
}

function showFeedState() {
	if (!state.feedOpen) {
		return;
	}
	if (state.consumerReady) {
		setFeedState('live', 'Live: changes appear as they happen');
	}
	else {
		setFeedState('connecting', 'Connecting: the stream consumer is starting…');
	}
}

function setFeedState(name, text) {
	feedStatus.dataset.state = name;
	feedStatus.textContent = text;
}

function applyToBoard(change) {
	if (change.operation === 'REMOVE') {
		remove(change.todoId);
		return;
	}
	const known = state.todos.get(change.todoId);
	if (known && change.version != null && known.version >= change.version) {
		return;
	}
	upsert({
		...(known || {}),
		todoId: change.todoId,
		task: change.task,
		dueDate: change.dueDate || null,
		status: change.to,
		version: change.version,
	}, { flash: true });
}

function describe(change) {
	if (change.operation === 'INSERT') {
		return `${change.todoId}: created -> ${change.to}`;
	}
	if (change.operation === 'REMOVE') {
		return `${change.todoId}: ${change.from} -> ${change.expired ? 'expired' : 'deleted'}`;
	}
	if (change.from !== change.to) {
		return `${change.todoId}: ${change.from} -> ${change.to}`;
	}
	return `${change.todoId}: edited (${change.to})`;
}

function deliveryList(change) {
	if (!Array.isArray(change.deliveries)) {
		return null;
	}
	if (change.deliveries.length === 0) {
		return el('p', { className: 'deliveries none' }, 'No webhook deliveries');
	}
	return el('ul', { className: 'deliveries', 'aria-label': 'Webhook deliveries' }, change.deliveries.map((delivery) => {
		const detail = delivery.statusCode ? `HTTP ${delivery.statusCode}` : (delivery.error || '');
		const attempts = delivery.attempts === 1 ? '1 attempt' : `${delivery.attempts} attempts`;
		return el('li', { className: `delivery ${delivery.state}`, dataset: { state: delivery.state } },
			el('span', { className: 'badge' }, delivery.state), ' ', `webhook to ${delivery.url}`,
			` · ${attempts}${detail ? ` · ${detail}` : ''}`);
	}));
}

function addFeedEntry(change) {
	const entry = el('li', { className: 'feed-entry', dataset: { todoId: change.todoId, eventId: change.eventId, operation: change.operation } },
		el('p', { className: 'feed-line' }, el('strong', {}, describe(change))),
		el('p', { className: 'feed-meta' },
			el('time', { datetime: change.at }, formatTime(change.at)),
			change.task ? ` · ${change.task}` : ''),
		deliveryList(change));
	const existing = state.feedEntries.get(change.eventId);
	if (existing) {
		existing.replaceWith(entry);
	}
	else {
		feed.prepend(entry);
	}
	state.feedEntries.set(change.eventId, entry);
	while (feed.children.length > MAX_FEED_ENTRIES) {
		const last = feed.lastElementChild;
		state.feedEntries.delete(last.dataset.eventId);
		last.remove();
	}
	feedEmpty.hidden = feed.children.length > 0;
}
