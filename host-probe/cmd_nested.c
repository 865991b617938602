/* cmd_nested: todo */
