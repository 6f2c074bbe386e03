// Small helpers shared by the pages: JSON requests that turn RFC 9457 problem details into errors,
// and rendering of those errors for people.

export class ApiError extends Error {
	constructor(status, problem) {
		super(problem.detail || problem.title || `Request failed with status ${status}`);
		this.status = status;
		this.problem = problem;
	}
}

export async function api(path, { method = 'GET', body, ifMatch, contentType = 'application/json' } = {}) {
	const headers = { Accept: 'application/json, application/problem+json' };
	if (body !== undefined) {
		headers['Content-Type'] = contentType;
	}
	if (ifMatch) {
		headers['If-Match'] = ifMatch;
	}
	// signed-in mode: writes carry the CSRF token that the service keeps in the XSRF-TOKEN cookie
	const csrf = method === 'GET' || method === 'HEAD' ? null : csrfToken();
	if (csrf) {
		headers['X-XSRF-TOKEN'] = csrf;
	}
	let response;
	try {
		response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
	}
	catch (e) {
		throw new ApiError(0, { title: 'Service unreachable', detail: 'The request did not reach the service. Check the connection and try again.' });
	}
	const text = await response.text();
	let data = null;
	if (text) {
		try {
			data = JSON.parse(text);
		}
		catch (e) {
			data = null;
		}
	}
	if (!response.ok) {
		const problem = (data && typeof data === 'object')
			? data
			: { title: response.statusText || 'Request failed', status: response.status, detail: text.slice(0, 300) };
		throw new ApiError(response.status, problem);
	}
	return { data, etag: response.headers.get('ETag'), status: response.status };
}

function csrfToken() {
	const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
	return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : null;
}

/** Creates an element with attributes and children (strings become text, never HTML). */
export function el(tag, attributes = {}, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === undefined || value === null || value === false) {
			continue;
		}
		if (name.startsWith('on') && typeof value === 'function') {
			element.addEventListener(name.slice(2), value);
		}
		else if (name === 'className') {
			element.className = value;
		}
		else if (name === 'dataset') {
			Object.assign(element.dataset, value);
		}
		else {
			element.setAttribute(name, value === true ? '' : value);
		}
	}
	for (const child of children.flat()) {
		if (child === undefined || child === null || child === false) {
			continue;
		}
		element.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return element;
}

/**
 * Shows an error in the page's alert region: the problem's title and detail, its per-field errors,
 * and optional actions such as "Reload".
 */
export function showProblem(container, error, actions = []) {
	if (error instanceof ApiError && error.status === 401) {
		// the session ended (signed out elsewhere, expired): loading the page again goes through sign-in
		actions = [{ label: 'Sign in again', run: () => window.location.reload() }];
	}
	const problem = error instanceof ApiError ? error.problem : { title: 'Something went wrong', detail: String(error && error.message || error) };
	const status = error instanceof ApiError && error.status ? ` (${error.status})` : '';
	container.replaceChildren(...[
		el('p', { className: 'problem-title' }, (problem.title || 'Request failed') + status),
		problem.detail ? el('p', { className: 'problem-detail' }, problem.detail) : null,
		Array.isArray(problem.errors) && problem.errors.length
			? el('ul', { className: 'problem-errors' }, problem.errors.map((e) => el('li', {}, `${e.field}: ${e.message}`)))
			: null,
		el('div', { className: 'problem-actions' },
			actions.map((action) => el('button', {
				type: 'button', className: 'primary', onclick: async () => {
					clearProblem(container);
					await action.run();
				}
			}, action.label)),
			el('button', { type: 'button', onclick: () => clearProblem(container) }, 'Dismiss')),
	].filter(Boolean));
	container.hidden = false;
	container.dataset.status = error instanceof ApiError ? String(error.status) : '';
}

export function clearProblem(container) {
	container.hidden = true;
	container.replaceChildren();
	delete container.dataset.status;
}

export function formatTime(iso) {
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Today as an ISO date in the person's own time zone. */
export function today() {
	const now = new Date();
	const month = String(now.getMonth() + 1).padStart(2, '0');
	const day = String(now.getDate()).padStart(2, '0');
	return `${now.getFullYear()}-${month}-${day}`;
}
