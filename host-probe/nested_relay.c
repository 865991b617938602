/* nested_relay: todo */
