package dev.todostreams.system;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DevStartArchiveTests {

	@TempDir
	Path root;

	Path directory;

	Path classes;

	Path first;

	Path second;

	@BeforeEach
	void layout() throws IOException {
		this.directory = this.root.resolve("project/target/dev-start");
		this.classes = Files.createDirectories(this.root.resolve("project/target/classes/dev/example"));
		Files.write(this.classes.resolve("Own.class"), new byte[] { 1 });
		Files.write(this.classes.resolve("Own$Inner.class"), new byte[] { 1 });
		this.first = jar("repo/org/first/first-1.0.jar");
		this.second = jar("repo/org/second-with-a-long-name-so-that-the-manifest-line-wraps/second-2.0.jar");
	}

	@Test
	void manifestNamesTheDependencyJarsRelativeToItsDirectoryInClassPathOrder() throws IOException {
		DevStartArchive archive = archive();

		Manifest manifest = new Manifest(new ByteArrayInputStream(archive.manifest()));

		assertThat(manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH)).isEqualTo(
				"../../../repo/org/first/first-1.0.jar "
						+ "../../../repo/org/second-with-a-long-name-so-that-the-manifest-line-wraps/second-2.0.jar");
		assertThat(new String(archive.manifest(), StandardCharsets.UTF_8).split("\r\n"))
			.allSatisfy((line) -> assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(72));
		assertThat(archive.dependencyJars()).containsExactly(this.first, this.second);
		assertThat(archive.classDirectories()).containsExactly(this.root.resolve("project/target/classes"));
	}

	@Test
	void writesTheClassPathJarOnlyWhenItsManifestChanges() throws IOException {
		DevStartArchive archive = archive();

		assertThat(archive.writeClassPathJar()).isTrue();
		Files.setLastModifiedTime(archive.classPathJar(), FileTime.fromMillis(1_000_000_000_000L));
		assertThat(archive.writeClassPathJar()).isFalse();
		assertThat(Files.getLastModifiedTime(archive.classPathJar()).toMillis()).isEqualTo(1_000_000_000_000L);
		try (JarFile jar = new JarFile(archive.classPathJar().toFile())) {
			assertThat(jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH))
				.startsWith("../../../repo/org/first/first-1.0.jar ");
		}

		DevStartArchive fewer = new DevStartArchive(this.directory,
				List.of(this.directory.resolve("classpath.jar").toString(), this.root.resolve("project/target/classes").toString(),
						this.first.toString()),
				Path.of(System.getProperty("java.home")));
		assertThat(fewer.writeClassPathJar()).isTrue();
	}

	@Test
	void acceptsOnlyTheLaunchThePomConfigures() throws IOException {
		DevStartArchive archive = archive();

		assertThat(archive.launchProblem()).isNull();
		assertThat(archive.isArchive(archive.archive().toString())).isTrue();
		assertThat(archive.isArchive(null)).isFalse();
		assertThat(archive.isArchive(this.root.resolve("elsewhere.jsa").toString())).isFalse();
		DevStartArchive withoutJar = new DevStartArchive(this.directory,
				List.of(this.root.resolve("project/target/classes").toString(), this.first.toString()),
				Path.of(System.getProperty("java.home")));
		assertThat(withoutJar.launchProblem()).contains("does not start with " + archive.classPathJar());
		DevStartArchive spaced = new DevStartArchive(this.directory,
				List.of(archive.classPathJar().toString(), jar("repo/with space/x-1.jar").toString()),
				Path.of(System.getProperty("java.home")));
		assertThat(spaced.launchProblem()).contains("cannot carry plainly");
	}

	@Test
	void classListLosesTheProjectsOwnClassesAndTheLambdasThatNameThem() throws IOException {
		Set<String> own = archive().ownClasses();
		assertThat(own).containsExactlyInAnyOrder("dev/example/Own", "dev/example/Own$Inner");

		List<String> kept = DevStartArchive.dumpableClassList(List.of("# NOTE: Do not modify this file.",
				"java/lang/Object id: 0", "org/first/Thing", "dev/example/Own", "dev/example/Own$Inner",
				"dev/example/Own$$SpringCGLIB$$0",
				"@lambda-proxy org/first/Thing run ()Ljava/lang/Runnable; ()V REF_invokeStatic org/first/Thing lambda$0 ()V ()V",
				"@lambda-proxy dev/example/Own run ()Ljava/lang/Runnable; ()V REF_invokeStatic dev/example/Own lambda$0 ()V ()V",
				"@lambda-proxy org/first/Thing apply ()Ljava/util/function/Function; (Ljava/lang/Object;)Ljava/lang/Object; "
						+ "REF_invokeStatic org/first/Thing lambda$1 (Ldev/example/Own;)Ljava/lang/String; (Ldev/example/Own;)Ljava/lang/String;",
				"@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L7_L"), own);

		assertThat(kept).containsExactly("# NOTE: Do not modify this file.", "java/lang/Object id: 0", "org/first/Thing",
				"@lambda-proxy org/first/Thing run ()Ljava/lang/Runnable; ()V REF_invokeStatic org/first/Thing lambda$0 ()V ()V",
				"@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L7_L");
	}

	@Test
	void fingerprintFollowsTheClassPathAndTheJarsOnIt() throws IOException {
		DevStartArchive archive = archive();
		String before = archive.fingerprint();

		assertThat(archive().fingerprint()).isEqualTo(before);
		Files.setLastModifiedTime(this.second, FileTime.fromMillis(Files.getLastModifiedTime(this.second).toMillis() + 5_000));
		assertThat(archive.fingerprint()).isNotEqualTo(before);
		DevStartArchive other = new DevStartArchive(this.directory,
				List.of(archive.classPathJar().toString(), this.first.toString()), Path.of(System.getProperty("java.home")));
		assertThat(other.fingerprint()).isNotEqualTo(archive.fingerprint());
	}

	@Test
	void dumpsWithTheSameJdkOnTheSameClassPath() throws IOException {
		DevStartArchive archive = archive();

		List<String> command = archive.dumpCommand(Path.of("list"), Path.of("out.jsa"));

		assertThat(command).containsSubsequence(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xshare:dump", "-XX:SharedClassListFile=list", "-XX:SharedArchiveFile=out.jsa", "-cp",
				String.join(File.pathSeparator, archive.classPathJar().toString(),
						this.root.resolve("project/target/classes").toString(), this.first.toString(), this.second.toString()));
	}

	private DevStartArchive archive() {
		return new DevStartArchive(this.directory,
				List.of(this.directory.resolve("classpath.jar").toString(), this.root.resolve("project/target/classes").toString(),
						this.first.toString(), this.second.toString()),
				Path.of(System.getProperty("java.home")));
	}

	private Path jar(String path) throws IOException {
		Path jar = this.root.resolve(path);
		Files.createDirectories(jar.getParent());
		Files.write(jar, new byte[] { 'P', 'K' });
		return jar;
	}

}
