package dev.todostreams.stream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The difference between two item images, attribute by attribute. Values are compared by meaning (see
 * {@link AttributeValues#equivalent}): {@code 1.50} equals {@code 1.5}, sets ignore order. {@link #paths()} names
 * every changed leaf inside nested maps and lists, e.g. {@code Address.City} or {@code Tags[2]}.
 *
 * @param added attributes present only in the new image
 * @param removed attributes present only in the old image (with their old values)
 * @param changed attributes present in both with different values
 */
public record ImageDiff(Map<String, AttributeValue> added, Map<String, AttributeValue> removed,
		Map<String, Change> changed) {

	private static final ImageDiff EMPTY = new ImageDiff(Map.of(), Map.of(), Map.of());

	public ImageDiff {
		added = Collections.unmodifiableMap(new LinkedHashMap<>(added));
		removed = Collections.unmodifiableMap(new LinkedHashMap<>(removed));
		changed = Collections.unmodifiableMap(new LinkedHashMap<>(changed));
	}

	/** A pure function of the two images; a missing image counts as an empty item. */
	public static ImageDiff between(@Nullable Map<String, AttributeValue> oldImage,
			@Nullable Map<String, AttributeValue> newImage) {
		Map<String, AttributeValue> before = (oldImage != null) ? oldImage : Map.of();
		Map<String, AttributeValue> after = (newImage != null) ? newImage : Map.of();
		if (before.isEmpty() && after.isEmpty()) {
			return EMPTY;
		}
		Map<String, AttributeValue> added = new LinkedHashMap<>();
		Map<String, AttributeValue> removed = new LinkedHashMap<>();
		Map<String, Change> changed = new LinkedHashMap<>();
		for (String name : new TreeSet<>(before.keySet())) {
			AttributeValue newValue = after.get(name);
			if (newValue == null) {
				removed.put(name, before.get(name));
			}
			else if (!AttributeValues.equivalent(before.get(name), newValue)) {
				changed.put(name, new Change(before.get(name), newValue));
			}
		}
		for (String name : new TreeSet<>(after.keySet())) {
			if (!before.containsKey(name)) {
				added.put(name, after.get(name));
			}
		}
		return new ImageDiff(added, removed, changed);
	}

	public boolean isEmpty() {
		return this.added.isEmpty() && this.removed.isEmpty() && this.changed.isEmpty();
	}

	/** Whether the attribute was added, removed or changed. */
	public boolean touches(String attribute) {
		return this.added.containsKey(attribute) || this.removed.containsKey(attribute)
				|| this.changed.containsKey(attribute);
	}

	/** Names of all top-level attributes that differ, sorted. */
	public SortedSet<String> attributeNames() {
		SortedSet<String> names = new TreeSet<>();
		names.addAll(this.added.keySet());
		names.addAll(this.removed.keySet());
		names.addAll(this.changed.keySet());
		return Collections.unmodifiableSortedSet(names);
	}

	/** Document paths of every differing leaf, descending into maps and lists, sorted. */
	public SortedSet<String> paths() {
		SortedSet<String> paths = new TreeSet<>();
		paths.addAll(this.added.keySet());
		paths.addAll(this.removed.keySet());
		this.changed.forEach((name, change) -> collectPaths(name, change.oldValue(), change.newValue(), paths));
		return Collections.unmodifiableSortedSet(paths);
	}

	private static void collectPaths(String path, AttributeValue a, AttributeValue b, Set<String> out) {
		if (a.type() == AttributeValue.Type.M && b.type() == AttributeValue.Type.M) {
			Set<String> names = new TreeSet<>(a.m().keySet());
			names.addAll(b.m().keySet());
			for (String name : names) {
				AttributeValue x = a.m().get(name);
				AttributeValue y = b.m().get(name);
				if (x == null || y == null) {
					out.add(path + "." + name);
				}
				else if (!AttributeValues.equivalent(x, y)) {
					collectPaths(path + "." + name, x, y, out);
				}
			}
		}
		else if (a.type() == AttributeValue.Type.L && b.type() == AttributeValue.Type.L) {
			List<AttributeValue> x = a.l();
			List<AttributeValue> y = b.l();
			for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
				String element = path + "[" + i + "]";
				if (i >= x.size() || i >= y.size()) {
					out.add(element);
				}
				else if (!AttributeValues.equivalent(x.get(i), y.get(i))) {
					collectPaths(element, x.get(i), y.get(i), out);
				}
			}
		}
		else {
			out.add(path);
		}
	}

	/** An attribute present in both images with different values. */
	public record Change(AttributeValue oldValue, AttributeValue newValue) {
	}

}
