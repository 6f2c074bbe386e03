// Webhook subscriptions: add one (its secret is shown once), list them, see recent deliveries, redeliver.
import { api, ApiError, el, showProblem, clearProblem, formatTime } from './api.js';

const ANY = '*';
const NONE = '(none)';

const problem = document.getElementById('problem');
const form = document.getElementById('webhook-form');
const subscriptionsBody = document.querySelector('#subscriptions tbody');
const deliveriesSection = document.getElementById('deliveries');
const deliveriesBody = document.querySelector('#deliveries-table tbody');
const deliveriesStatus = document.getElementById('deliveries-status');
let shown = null;

init().catch((error) => showProblem(problem, error));

async function init() {
	const { data } = await api('/api/statuses');
	fillFilter(document.getElementById('wh-from'), data.statuses, 'Any status', 'None (todo created)');
	fillFilter(document.getElementById('wh-to'), data.statuses, 'Any status', 'None (todo deleted)');
	form.addEventListener('submit', onCreate);
	document.getElementById('secret-copy').addEventListener('click', copySecret);
	document.getElementById('secret-done').addEventListener('click', hideSecret);
	document.getElementById('deliveries-refresh').addEventListener('click', () => shown && showDeliveries(shown));
	await loadSubscriptions();
}

function fillFilter(select, statuses, anyLabel, noneLabel) {
	select.replaceChildren(
		el('option', { value: ANY }, anyLabel),
		...statuses.map((status) => el('option', { value: status }, status)),
		el('option', { value: NONE }, noneLabel));
}

async function loadSubscriptions() {
	let items;
	try {
		({ data: { items } } = await api('/api/webhooks'));
	}
	catch (error) {
		if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
			unavailable();
			return;
		}
		throw error;
	}
	subscriptionsBody.replaceChildren(...items.map(subscriptionRow));
	document.getElementById('no-subscriptions').hidden = items.length > 0;
}

function unavailable() {
	document.getElementById('unavailable').hidden = false;
	form.querySelectorAll('input, select, button').forEach((control) => { control.disabled = true; });
}

function filterText(filter) {
	const name = (values) => values.map((value) => value === ANY ? 'any' : value === NONE ? 'none' : value).join(', ');
	return `${name(filter.from)} -> ${name(filter.to)}`;
}

function subscriptionRow(subscription) {
	const state = subscription.enabled ? 'enabled' : `disabled${subscription.disabledReason ? `: ${subscription.disabledReason}` : ''}`;
	return el('tr', { dataset: { subscriptionId: subscription.id } },
		el('td', { className: 'url' }, subscription.url, subscription.description ? el('div', { className: 'hint' }, subscription.description) : null),
		el('td', {}, filterText(subscription.filter)),
		el('td', {}, state),
		el('td', {}, el('div', { className: 'actions' },
			el('button', { type: 'button', 'aria-label': `Deliveries of ${subscription.url}`, onclick: () => showDeliveries(subscription) }, 'Deliveries'),
			el('button', { type: 'button', className: 'danger', 'aria-label': `Delete subscription ${subscription.url}`, onclick: () => deleteSubscription(subscription) }, 'Delete'))));
}

async function onCreate(event) {
	event.preventDefault();
	const button = form.querySelector('button[type="submit"]');
	const body = {
		url: form.elements.url.value.trim(),
		filter: { from: [form.elements.from.value], to: [form.elements.to.value] },
	};
	if (form.elements.description.value.trim()) {
		body.description = form.elements.description.value.trim();
	}
	button.disabled = true;
	try {
		const { data } = await api('/api/webhooks', { method: 'POST', body });
		clearProblem(problem);
		form.reset();
		showSecret(data);
		await loadSubscriptions();
	}
	catch (error) {
		if (error instanceof ApiError && error.status === 404) {
			unavailable();
		}
		else {
			showProblem(problem, error);
		}
	}
	finally {
		button.disabled = false;
	}
}

function showSecret(subscription) {
	const section = document.getElementById('secret');
	document.getElementById('secret-url').textContent = subscription.url;
	document.getElementById('secret-value').value = subscription.secret || '';
	document.getElementById('secret-status').textContent = '';
	section.hidden = false;
	section.focus();
}

function hideSecret() {
	// the secret leaves the page: it cannot be fetched again
	document.getElementById('secret-value').value = '';
	document.getElementById('secret').hidden = true;
	document.getElementById('wh-url').focus();
}

async function copySecret() {
	const input = document.getElementById('secret-value');
	const status = document.getElementById('secret-status');
	try {
		await navigator.clipboard.writeText(input.value);
		status.textContent = 'Copied.';
	}
	catch (error) {
		input.select();
		status.textContent = 'Select the secret and copy it (Ctrl+C or Cmd+C).';
	}
}

async function deleteSubscription(subscription) {
	if (!window.confirm(`Delete the subscription for ${subscription.url}?`)) {
		return;
	}
	try {
		await api(`/api/webhooks/${encodeURIComponent(subscription.id)}`, { method: 'DELETE' });
		clearProblem(problem);
		if (shown && shown.id === subscription.id) {
			deliveriesSection.hidden = true;
			shown = null;
		}
		await loadSubscriptions();
	}
	catch (error) {
		showProblem(problem, error);
	}
}

async function showDeliveries(subscription) {
	shown = subscription;
	document.getElementById('deliveries-heading').textContent = `Recent deliveries to ${subscription.url}`;
	deliveriesSection.hidden = false;
	try {
		const { data } = await api(`/api/webhooks/${encodeURIComponent(subscription.id)}/deliveries?limit=25`);
		clearProblem(problem);
		deliveriesBody.replaceChildren(...data.items.map((delivery) => deliveryRow(subscription, delivery)));
		document.getElementById('no-deliveries').hidden = data.items.length > 0;
		deliveriesSection.focus();
	}
	catch (error) {
		showProblem(problem, error);
	}
}

function lastAttempt(delivery) {
	const attempt = delivery.attempts[delivery.attempts.length - 1];
	if (!attempt) {
		return 'none yet';
	}
	const outcome = attempt.statusCode ? `HTTP ${attempt.statusCode}` : (attempt.error || 'no response');
	return `${formatTime(attempt.at)} · ${outcome} · ${delivery.attempts.length} attempt${delivery.attempts.length === 1 ? '' : 's'}`;
}

function deliveryRow(subscription, delivery) {
	return el('tr', { dataset: { deliveryId: delivery.id, state: delivery.state } },
		el('td', {}, el('time', { datetime: delivery.createdAt }, formatTime(delivery.createdAt))),
		el('td', {}, delivery.eventType),
		el('td', {}, delivery.todoId),
		el('td', {}, el('span', { className: `badge state-${delivery.state}` }, delivery.state)),
		el('td', {}, lastAttempt(delivery)),
		el('td', {}, el('button', {
			type: 'button', 'aria-label': `Redeliver ${delivery.eventType} of ${delivery.todoId}`,
			disabled: delivery.state === 'pending',
			onclick: () => redeliver(subscription, delivery),
		}, 'Redeliver')));
}

async function redeliver(subscription, delivery) {
	try {
		await api(`/api/webhooks/${encodeURIComponent(subscription.id)}/deliveries/${encodeURIComponent(delivery.id)}/redeliver`, { method: 'POST' });
		clearProblem(problem);
		await showDeliveries(subscription);
		deliveriesStatus.textContent = `Redelivery of ${delivery.todoId} (${delivery.eventType}) queued.`;
	}
	catch (error) {
		showProblem(problem, error);
	}
}
