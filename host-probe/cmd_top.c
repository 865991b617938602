/* cmd_top: todo */
