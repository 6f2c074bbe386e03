package dev.todostreams.system;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.jspecify.annotations.Nullable;

/**
 * The class data archive of {@code mvn spring-boot:run} (issue 15): the dependency classes of a start, parsed and
 * verified once and mapped by every later start of the same class path. JDK 17 refuses to write an archive when a
 * class was loaded from a non-empty directory, and Maven puts {@code target/classes} before the dependency jars; so
 * the run's class path starts with a jar that holds nothing but a manifest {@code Class-Path} naming the dependency
 * jars (relative, as the JDK's archive code reads them), the archive is a static one made from the class list of a
 * start ({@code -XX:DumpLoadedClassList}) without the project's own classes, and the project's classes stay in their
 * directory, after every class the archive holds, where the JDK does not check them. docs/ARCHITECTURE.md, "Issue 15:
 * the start-up archive of mvn spring-boot:run".
 *
 * <p>This type is the file work; {@link DevStartArchiveTrainer} decides when.
 */
final class DevStartArchive {

	static final String CLASS_PATH_JAR = "classpath.jar";

	static final String ARCHIVE = "deps.jsa";

	/** Class-Path entries are URLs; the JDK's archive code does not decode escapes, so only plain names pass. */
	private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9._/+~@=,-]+");

	private static final Pattern CLASS_DESCRIPTOR = Pattern.compile("L([A-Za-z0-9_$/]+);");

	private final Path directory;

	private final List<String> classPath;

	private final Path javaHome;

	/**
	 * @param directory where the archive and its files live (the class-path jar, the archive, the filtered class list)
	 * @param classPath the JVM's class path as launched ({@code java.class.path}), in order
	 * @param javaHome the JVM whose {@code bin/java} writes the archive
	 */
	DevStartArchive(Path directory, List<String> classPath, Path javaHome) {
		this.directory = directory.toAbsolutePath().normalize();
		this.classPath = List.copyOf(classPath);
		this.javaHome = javaHome;
	}

	Path directory() {
		return this.directory;
	}

	Path classPathJar() {
		return this.directory.resolve(CLASS_PATH_JAR);
	}

	Path archive() {
		return this.directory.resolve(ARCHIVE);
	}

	/** Why this JVM's class path cannot have the archive, or {@code null} when it can. */
	@Nullable String launchProblem() {
		if (this.classPath.isEmpty() || !sameFile(Path.of(this.classPath.get(0)), classPathJar())) {
			return "the class path does not start with " + classPathJar();
		}
		for (Path jar : dependencyJars()) {
			String relative = relative(jar);
			if (!PLAIN_PATH.matcher(relative).matches()) {
				return "the dependency jar " + jar + " has a path a manifest Class-Path cannot carry plainly";
			}
		}
		return null;
	}

	/** Whether the JVM option {@code -XX:SharedArchiveFile} names this archive. */
	boolean isArchive(@Nullable String sharedArchiveFile) {
		return sharedArchiveFile != null && !sharedArchiveFile.isBlank()
				&& sameFile(Path.of(sharedArchiveFile), archive());
	}

	/** The jars of the class path after the class-path jar, in order, each once. */
	List<Path> dependencyJars() {
		Set<Path> jars = new LinkedHashSet<>();
		for (String entry : this.classPath) {
			Path path = Path.of(entry).toAbsolutePath().normalize();
			if (!path.equals(classPathJar()) && Files.isRegularFile(path) && entry.endsWith(".jar")) {
				jars.add(path);
			}
		}
		return List.copyOf(jars);
	}

	/** The directories of the class path: the project's own classes, which the archive must not hold. */
	List<Path> classDirectories() {
		return this.classPath.stream()
			.map((entry) -> Path.of(entry).toAbsolutePath().normalize())
			.filter(Files::isDirectory)
			.distinct()
			.toList();
	}

	/** The manifest of the class-path jar: every dependency jar, relative to the jar, as the JDK's archive code needs. */
	byte[] manifest() {
		String entries = dependencyJars().stream().map(this::relative).collect(Collectors.joining(" "));
		StringBuilder manifest = new StringBuilder("Manifest-Version: 1.0\r\n");
		manifest.append(wrap("Class-Path: " + entries));
		manifest.append("Created-By: todo-streams (the start-up archive of mvn spring-boot:run)\r\n\r\n");
		return manifest.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Writes the class-path jar when it is missing or names other jars; leaves it alone otherwise, because the
	 * archive records its size and modification time.
	 * @return whether the jar was written
	 */
	boolean writeClassPathJar() throws IOException {
		byte[] manifest = manifest();
		Path jar = classPathJar();
		if (Files.isRegularFile(jar) && Arrays.equals(manifestOf(jar), manifest)) {
			return false;
		}
		Files.createDirectories(this.directory);
		Path written = this.directory.resolve(CLASS_PATH_JAR + ".tmp");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(written))) {
			out.putNextEntry(new ZipEntry(JarFile.MANIFEST_NAME));
			out.write(manifest);
			out.closeEntry();
		}
		Files.move(written, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		return true;
	}

	/**
	 * What the archive depends on: the JVM, the class path as launched and the size and modification time of every
	 * jar on it. An archive made for one fingerprint is not made again for the same one.
	 */
	String fingerprint() throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		List<String> parts = new ArrayList<>();
		parts.add(this.javaHome.toString());
		parts.add(System.getProperty("java.vm.version", ""));
		parts.add(String.join(File.pathSeparator, this.classPath));
		List<Path> jars = new ArrayList<>(dependencyJars());
		jars.add(0, classPathJar());
		for (Path jar : jars) {
			if (Files.isRegularFile(jar)) {
				parts.add(jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis());
			}
		}
		return HexFormat.of().formatHex(digest.digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
	}

	/** The names of the classes in the class path's directories, as a class list writes them ({@code a/b/C$D}). */
	Set<String> ownClasses() throws IOException {
		Set<String> names = new HashSet<>();
		for (Path root : classDirectories()) {
			try (Stream<Path> files = Files.walk(root)) {
				files.filter((file) -> file.getFileName().toString().endsWith(".class")).forEach((file) -> {
					String name = root.relativize(file).toString().replace(File.separatorChar, '/');
					names.add(name.substring(0, name.length() - ".class".length()));
				});
			}
		}
		return names;
	}

	/**
	 * The lines of a class list the archive can take: without the project's own classes and without the lambda
	 * entries that name one (loading those while the archive is written would fail it).
	 */
	static List<String> dumpableClassList(List<String> lines, Set<String> own) {
		List<String> kept = new ArrayList<>();
		for (String line : lines) {
			if (line.isBlank() || line.startsWith("#")) {
				kept.add(line);
				continue;
			}
			if (line.startsWith("@")) {
				if (!namesAny(line, own)) {
					kept.add(line);
				}
				continue;
			}
			String name = line.split(" ", 2)[0];
			if (!own.contains(name) && !own.contains(outerOf(name))) {
				kept.add(line);
			}
		}
		return kept;
	}

	/** The command that writes the archive from a class list: a JVM of the same JDK, on the same class path. */
	List<String> dumpCommand(Path classList, Path output) {
		return List.of(this.javaHome.resolve("bin").resolve("java").toString(), "-Xshare:dump",
				"-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + output, "-cp",
				String.join(File.pathSeparator, this.classPath));
	}

	private static boolean namesAny(String line, Set<String> own) {
		for (String token : line.split(" ")) {
			if (own.contains(token)) {
				return true;
			}
			Matcher descriptor = CLASS_DESCRIPTOR.matcher(token);
			while (descriptor.find()) {
				if (own.contains(descriptor.group(1))) {
					return true;
				}
			}
		}
		return false;
	}

	private static String outerOf(String name) {
		int nested = name.indexOf('$', name.lastIndexOf('/') + 1);
		return (nested > 0) ? name.substring(0, nested) : name;
	}

	private String relative(Path jar) {
		return this.directory.relativize(jar).toString().replace(File.separatorChar, '/');
	}

	/** Manifest lines hold at most 72 bytes; longer values go on continuation lines that start with a space. */
	private static String wrap(String header) {
		byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
		StringBuilder wrapped = new StringBuilder();
		int start = 0;
		int width = 72;
		while (start < bytes.length) {
			int end = Math.min(bytes.length, start + width);
			if (start > 0) {
				wrapped.append(' ');
			}
			wrapped.append(new String(bytes, start, end - start, StandardCharsets.UTF_8)).append("\r\n");
			start = end;
			width = 71;
		}
		return wrapped.toString();
	}

	private static byte[] manifestOf(Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			ZipEntry entry = file.getEntry(JarFile.MANIFEST_NAME);
			if (entry == null) {
				return new byte[0];
			}
			try (InputStream in = file.getInputStream(entry)) {
				ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				in.transferTo(bytes);
				return bytes.toByteArray();
			}
		}
		catch (IOException ex) {
			return new byte[0];
		}
	}

	private static boolean sameFile(Path a, Path b) {
		return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
	}

}
