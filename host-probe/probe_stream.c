/* probe_stream: todo */
