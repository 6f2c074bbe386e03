package dev.todostreams.infra;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the project's YAML files (templates, compose, workflows) with a safe constructor, and walks them. */
final class Yamls {

	private Yamls() {
	}

	static Map<String, Object> load(String file) {
		Path path = Path.of(file);
		assertThat(path).as("%s (tests run from the project directory)", file).isRegularFile();
		try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
			assertThat(document).as(file).isInstanceOf(Map.class);
			return map(document);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + file, ex);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

	/** The value at a path of map keys, failing with the path when a key is missing. */
	static Object at(Map<String, Object> root, String... keys) {
		Object current = root;
		StringBuilder path = new StringBuilder();
		for (String key : keys) {
			path.append('/').append(key);
			Map<String, Object> map = map(current);
			assertThat(map).as("missing %s", path).containsKey(key);
			current = map.get(key);
		}
		return current;
	}

}
