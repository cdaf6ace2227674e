/** Implementation of the dead-letter tools; not an API, may change without notice. */
package io.taskline.dlq.internal;
