package dev.todostreams.notify;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTests {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	final SecretCipher cipher = SecretCipher.random();

	@Test
	void roundTripsASecretAndStoresNoPlaintext() {
		String stored = this.cipher.seal("wh_1", SECRET);
		assertThat(stored).startsWith("enc:v1:" + this.cipher.keyId() + ":")
			.doesNotContain(SECRET)
			.doesNotContain(SECRET.substring("whsec_".length()));
		assertThat(this.cipher.open("wh_1", stored)).isEqualTo(SECRET);
	}

	@Test
	void usesAFreshNonceForEveryEncryption() {
		String first = this.cipher.seal("wh_1", SECRET);
		String second = this.cipher.seal("wh_1", SECRET);
		assertThat(first).isNotEqualTo(second);
		byte[] a = payload(first);
		byte[] b = payload(second);
		assertThat(a).hasSize(12 + SECRET.length() + 16);
		assertThat(java.util.Arrays.copyOf(a, 12)).isNotEqualTo(java.util.Arrays.copyOf(b, 12));
	}

	@Test
	void refusesAValueWithAFlippedByte() {
		String stored = this.cipher.seal("wh_1", SECRET);
		for (int index : List.of(0, 11, 12, 20, payload(stored).length - 1)) {
			byte[] data = payload(stored);
			data[index] ^= 0x01;
			String tampered = prefix(stored) + Base64.getEncoder().encodeToString(data);
			assertThatThrownBy(() -> this.cipher.open("wh_1", tampered)).as("byte %d flipped", index)
				.isInstanceOf(SecretUnreadableException.class)
				.hasMessageContaining("'wh_1' cannot be decrypted")
				.hasMessageContaining("authentication tag does not match")
				.hasMessageContaining("POST /api/webhooks/wh_1/rotate-secret");
		}
	}

	@Test
	void refusesAValueMovedToAnotherSubscription() {
		String stored = this.cipher.seal("wh_1", SECRET);
		assertThatThrownBy(() -> this.cipher.open("wh_2", stored)).isInstanceOf(SecretUnreadableException.class)
			.hasMessageContaining("'wh_2' cannot be decrypted")
			.hasMessageContaining("belongs to another subscription");
	}

	@Test
	void refusesAValueWhoseKeyIdWasChanged() {
		SecretCipher other = SecretCipher.random();
		String stored = this.cipher.seal("wh_1", SECRET);
		String relabelled = stored.replace(this.cipher.keyId(), other.keyId());
		SecretCipher both = SecretCipher.of(SecretCipher.randomKey(), List.of());
		assertThatThrownBy(() -> both.open("wh_1", relabelled)).isInstanceOf(SecretUnreadableException.class)
			.hasMessageContaining("encrypted with key " + other.keyId() + ", which is not configured");
	}

	@Test
	void readsValuesSealedWithAPreviousKeyAndSealsWithTheCurrentOne() {
		byte[] oldKey = SecretCipher.randomKey();
		byte[] newKey = SecretCipher.randomKey();
		SecretCipher before = SecretCipher.of(oldKey, List.of());
		SecretCipher after = SecretCipher.of(newKey, List.of(oldKey));
		String stored = before.seal("wh_1", SECRET);
		assertThat(after.open("wh_1", stored)).isEqualTo(SECRET);
		assertThat(after.seal("wh_1", SECRET)).startsWith("enc:v1:" + SecretCipher.keyId(newKey) + ":");
		assertThatThrownBy(() -> SecretCipher.of(newKey, List.of()).open("wh_1", stored))
			.isInstanceOf(SecretUnreadableException.class)
			.hasMessageContaining("previous-keys");
	}

	@Test
	void readsALegacyPlaintextSecretAsItIs() {
		assertThat(SecretCipher.isSealed(SECRET)).isFalse();
		assertThat(this.cipher.open("wh_1", SECRET)).isEqualTo(SECRET);
	}

	@Test
	void refusesMalformedValuesWithAReason() {
		assertThatThrownBy(() -> this.cipher.open("wh_1", "enc:v9:kabc:xyz"))
			.isInstanceOf(SecretUnreadableException.class)
			.hasMessageContaining("format this version does not know");
		assertThatThrownBy(() -> this.cipher.open("wh_1", "enc:v1:nokeyid"))
			.isInstanceOf(SecretUnreadableException.class)
			.hasMessageContaining("not of the form");
		assertThatThrownBy(() -> this.cipher.open("wh_1", "enc:v1:" + this.cipher.keyId() + ":%%%"))
			.isInstanceOf(SecretUnreadableException.class)
			.hasMessageContaining("not valid base64");
		assertThatThrownBy(() -> this.cipher.open("wh_1", "enc:v1:" + this.cipher.keyId() + ":AAAA"))
			.isInstanceOf(SecretUnreadableException.class)
			.hasMessageContaining("too short");
	}

	@Test
	void refusesKeysThatAreNot256Bits() {
		assertThatThrownBy(() -> SecretCipher.of(new byte[16], List.of())).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("32 bytes");
	}

	@Test
	void neverShowsKeyMaterial() {
		byte[] key = SecretCipher.randomKey();
		SecretCipher cipher = SecretCipher.of(key, List.of());
		assertThat(cipher.toString()).contains(cipher.keyId())
			.doesNotContain(Base64.getEncoder().encodeToString(key));
		assertThat(cipher.keyId()).matches("k[0-9a-f]{8}");
	}

	@Test
	void anUnreadableSecretSaysWhyWhenUsedAndKeepsItsStoredForm() {
		WebhookSecret unreadable = WebhookSecret.unreadable("enc:v1:k00000000:AAAA", "The stored secret ... rotate");
		assertThat(unreadable.readable()).isFalse();
		assertThat(unreadable.storedForm()).isEqualTo("enc:v1:k00000000:AAAA");
		assertThat(unreadable.toString()).doesNotContain("AAAA");
		assertThatThrownBy(unreadable::value).isInstanceOf(SecretUnreadableException.class).hasMessageContaining("rotate");
		assertThatThrownBy(() -> WebhookSignature.header(List.of(unreadable), "msg_1", 1, "{}"))
			.isInstanceOf(SecretUnreadableException.class);
		WebhookSecret current = WebhookSecret.generate();
		assertThat(WebhookSignature.header(List.of(current, unreadable), "msg_1", 1, "{}"))
			.isEqualTo(WebhookSignature.sign(current, "msg_1", 1, "{}"));
	}

	@Test
	void neitherASubscriptionNorItsViewPrintsTheSecret() {
		Subscription subscription = WebhookFixtures.subscription("wh_1");
		String secret = subscription.secret().value();
		WebhookApi.SubscriptionView view = WebhookApi.SubscriptionView.of(subscription, java.time.Instant.now(), secret);
		assertThat(view.toString()).contains("wh_1").contains("whsec_***").doesNotContain(secret.substring(6));
		assertThat(subscription.toString()).contains("wh_1").doesNotContain(secret.substring(6));
	}

	private static byte[] payload(String stored) {
		return Base64.getDecoder().decode(stored.substring(stored.lastIndexOf(':') + 1));
	}

	private static String prefix(String stored) {
		return stored.substring(0, stored.lastIndexOf(':') + 1);
	}

}
