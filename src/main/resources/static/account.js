// The header's account area: who is using the board and, when signed in through the issuer, a sign-out button.
// Sign-out is a plain form post (not fetch), so the browser follows the redirect to the issuer's end-session page.
import { api, el } from './api.js';

export async function showAccount(container) {
	if (!container) {
		return;
	}
	let me;
	try {
		({ data: me } = await api('/api/me'));
	}
	catch (e) {
		container.replaceChildren();
		return;
	}
	if (me.mode === 'local') {
		container.replaceChildren(el('span', {
			className: 'account-name',
			title: 'Default mode: no sign-in; the service answers only this machine.',
		}, 'Local developer · this machine only'));
		return;
	}
	const children = [el('span', { className: 'account-name', title: me.name }, `Signed in as ${me.displayName}`)];
	if (me.signOut) {
		children.push(el('form', { method: 'post', action: me.signOut.action, className: 'account-sign-out' },
			el('input', { type: 'hidden', name: me.signOut.parameter, value: me.signOut.token }),
			el('button', { type: 'submit' }, 'Sign out')));
	}
	container.replaceChildren(...children);
}

showAccount(document.getElementById('account'));
