/**
 * What tests of several packages share: a clock tests move by hand, the app over real HTTP (RestTestClient) and
 * property sets that let integration tests share a cached context.
 */
@NullMarked
package dev.todostreams.testsupport;

import org.jspecify.annotations.NullMarked;
